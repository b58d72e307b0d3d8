"""The committed shop supergraph is current, and the fixture subgraphs speak federation."""

from __future__ import annotations

import httpx

from tests.federation.conftest import ShopSubgraphs
from tests.federation.fixtures.shop import SUPERGRAPH_PATH, build_subgraphs
from tests.federation.fixtures.shop.__main__ import composed_supergraph
from tests.federation.fixtures.shop.data import MutationLog


def test_committed_shop_supergraph_is_not_stale() -> None:
    assert SUPERGRAPH_PATH.read_text() == composed_supergraph(), (
        "regenerate with: .venv/bin/python -m tests.federation.fixtures.shop"
    )


async def test_subgraphs_serve_their_sdl_and_resolve_entities(shop: ShopSubgraphs) -> None:
    async with httpx.AsyncClient(base_url=shop.base_url) as client:
        for subgraph in build_subgraphs(MutationLog()):
            response = await client.post(
                f"/{subgraph.name}", json={"query": "{ _service { sdl } }"}
            )
            assert response.json() == {"data": {"_service": {"sdl": subgraph.sdl}}}
        response = await client.post(
            "/media",
            json={
                "query": "query ($r: [_Any!]!) { _entities(representations: $r) "
                "{ __typename ... on Book { title } } }",
                "variables": {"r": [{"__typename": "Media", "id": "b2"}]},
            },
        )
    assert response.json() == {"data": {"_entities": [{"__typename": "Book", "title": "Emma"}]}}
