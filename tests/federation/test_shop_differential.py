"""Differential: our router and Hive Gateway return the same data for the same operations.

Both serve the committed shop supergraph over the same running subgraphs. Only `data` is
compared: error messages and extensions legitimately differ between gateways.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.federation.conftest import Gateway, ShopSubgraphs

OPERATIONS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("root-and-jump", "{ me { id name reviews { body } } }", None),
    ("second-key", '{ product(upc: "2") { name createdBy { name email username } } }', None),
    ("key-chain", '{ search(term: "x") { ... on Product { sku name inStock stockCount } } }', None),
    (
        "nested-lists",
        "{ reviews { id body author { name reviews { id } } product { name inStock } } }",
        None,
    ),
    ("requires", "{ products { upc name shippingEstimate } }", None),
    (
        "requires-nested-args",
        '{ products { eu: shippingCost(zone: "EU") us: shippingCost(zone: "US") } }',
        None,
    ),
    (
        "requires-selected",
        "{ products { price weight dimensions { size } shippingEstimate } }",
        None,
    ),
    ("provides", "{ reviews { author { id username } } }", None),
    ("provides-partial", "{ reviews { author { username name role } } }", None),
    ("override", "{ topProducts(first: 3) { upc stockCount inStock } }", None),
    (
        "interface",
        "{ media { __typename id title ... on Book { author pages } "
        "... on Movie { director minutes } } }",
        None,
    ),
    ("interface-object", "{ media { title stars } topRated { __typename id title stars } }", None),
    (
        "union",
        '{ search(term: "x") { __typename ... on Book { title } ... on Movie { title } '
        "... on Product { name price } } }",
        None,
    ),
    ("typename", "{ __typename me { __typename } media { __typename } }", None),
    (
        "fragments",
        """
        query Fragments { product(upc: "1") { ...P reviews { ...R } } }
        fragment P on Product { upc name ... on Product { inStock } }
        fragment R on Review { body author { username } }
     """,
        None,
    ),
    (
        "aliases",
        '{ a: product(upc: "1") { n: name s: inStock } b: product(upc: "3") '
        "{ n: name s: stockCount } }",
        None,
    ),
    (
        "variables",
        "query ($upc: String!, $zone: String!) { product(upc: $upc) { name "
        "shippingCost(zone: $zone) reviews { body } } }",
        {"upc": "3", "zone": "EU"},
    ),
    (
        "skip-include",
        "query ($yes: Boolean!, $no: Boolean!) { products { name @include(if: $no) "
        "inStock @include(if: $yes) upc @skip(if: $yes) } }",
        {"yes": True, "no": False},
    ),
    ("nullable-error", "{ products { upc warehouse } }", None),
    ("null-bubbling", '{ me { name } product(upc: "2") { name auditCode } }', None),
    ("introspection", '{ __type(name: "User") { fields { name } } }', None),
]


@pytest.mark.parametrize(
    ("query", "variables"),
    [pytest.param(query, variables, id=name) for name, query, variables in OPERATIONS],
)
async def test_router_and_hive_gateway_return_the_same_data(
    router: Gateway, hive: Gateway, query: str, variables: dict[str, Any] | None
) -> None:
    expected = await hive.execute(query, variables)
    received = await router.execute(query, variables)
    assert expected.get("data") is not None, expected  # the reference must answer something
    assert received.get("data") == expected["data"]


async def test_mutations_give_the_same_data_in_the_same_order(
    router: Gateway, hive: Gateway, shop: ShopSubgraphs
) -> None:
    mutation = """
        mutation {
          a: createUser(name: "Lin") { id name }
          b: addReview(upc: "1", body: "Ok") { id product { name } }
          c: createUser(name: "Kay") { id }
        }
    """
    expected = await hive.execute(mutation)
    hive_log = list(shop.log.entries)
    shop.reset()
    received = await router.execute(mutation)
    assert expected.get("data") is not None, expected
    assert received.get("data") == expected["data"]
    assert shop.log.entries == hive_log
