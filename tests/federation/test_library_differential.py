"""Differential on the library fixture: our router and Hive Gateway return the same data."""

from __future__ import annotations

from typing import Any

import pytest

from tests.federation.conftest import Gateway

OPERATIONS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("requires-chain", "{ editions { id title basePrice taxedPrice totalCost } }", None),
    ("override-requires", "{ editions { discount weight } }", None),
    ("input-literal", "{ editions(filter: { format: PAPERBACK }) { id author { name } } }", None),
    (
        "input-variable",
        "query ($f: EditionFilter) { editions(filter: $f) { id discount } }",
        {"f": {"maxBasePrice": 12}},
    ),
    (
        "node-edition",
        '{ node(id: "e3") { id ... on Edition { totalCost author { id name } } } }',
        None,
    ),
    ("node-author", '{ node(id: "a1") { __typename ... on Author { name } } }', None),
    ("shared-root", "{ featuredAuthor { __typename id name } }", None),
    ("coded-error", "{ editions { id priceNote } }", None),
    ("null-entity", "{ editions { publisher { name } } }", None),
]


@pytest.mark.parametrize(
    ("query", "variables"),
    [pytest.param(query, variables, id=name) for name, query, variables in OPERATIONS],
)
async def test_router_and_hive_gateway_return_the_same_data(
    library_router: Gateway,
    library_hive: Gateway,
    query: str,
    variables: dict[str, Any] | None,
) -> None:
    expected = await library_hive.execute(query, variables)
    received = await library_router.execute(query, variables)
    assert expected.get("data") is not None, expected  # the reference must answer something
    assert received.get("data") == expected["data"]
