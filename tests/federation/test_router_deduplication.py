"""De-duplication of identical operations in flight, both ways, on the shop subgraphs.

Off by default: every client query runs its own plan. With client queries shared, identical
queries in flight (text, variables and forwarded identity) run once; with subgraph queries
shared, identical subgraph requests do.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from router.gateway import Gateway
from tests.federation.conftest import ShopSubgraphs

QUERY = "{ me { id name reviews { body } } }"
ANSWER = {
    "data": {
        "me": {
            "id": "u1",
            "name": "Ada Lovelace",
            "reviews": [{"body": "Love it!"}, {"body": "Could be better."}],
        }
    }
}


async def _run(gateway: Gateway, count: int, **kwargs: Any) -> list[dict[str, Any]]:
    try:
        return await asyncio.gather(*(gateway.execute(QUERY, **kwargs) for _ in range(count)))
    finally:
        await gateway.aclose()


@pytest.mark.parametrize(
    ("options", "expected_calls"),
    [
        ({}, 20),
        ({"deduplicate_client_queries": True}, 2),
        ({"deduplicate_subgraph_queries": True}, 2),
    ],
)
async def test_ten_identical_queries_in_flight(
    shop: ShopSubgraphs, options: dict[str, Any], expected_calls: int
) -> None:
    gateway = Gateway(shop.supergraph_sdl(), **options)
    answers = await _run(gateway, 10, headers={"authorization": "Bearer a"})
    assert answers == [ANSWER] * 10
    assert len(shop.calls) == expected_calls  # accounts then reviews, per execution


async def test_queries_with_another_identity_are_not_shared(shop: ShopSubgraphs) -> None:
    gateway = Gateway(shop.supergraph_sdl(), deduplicate_client_queries=True)
    try:
        answers = await asyncio.gather(
            gateway.execute(QUERY, headers={"authorization": "Bearer a", "x-request-id": "1"}),
            gateway.execute(QUERY, headers={"authorization": "Bearer a", "x-request-id": "2"}),
            gateway.execute(QUERY, headers={"authorization": "Bearer b"}),
        )
    finally:
        await gateway.aclose()
    assert answers == [ANSWER] * 3
    assert len(shop.calls) == 4  # the request id does not matter; the token does


async def test_mutations_are_never_shared(shop: ShopSubgraphs) -> None:
    gateway = Gateway(
        shop.supergraph_sdl(), deduplicate_client_queries=True, deduplicate_subgraph_queries=True
    )
    mutation = 'mutation { createUser(name: "Kay") { id } }'
    try:
        await asyncio.gather(*(gateway.execute(mutation) for _ in range(3)))
    finally:
        await gateway.aclose()
    assert len(shop.log.entries) == 3
