"""Mutations run one after the other, in document order, across subgraphs."""

from __future__ import annotations

from tests.federation.conftest import Gateway, ShopSubgraphs


async def test_mutations_run_in_order_across_subgraphs(
    router: Gateway, shop: ShopSubgraphs
) -> None:
    body = await router.execute(
        """
        mutation {
          first: createUser(name: "Lin Ma") { id name }
          second: addReview(upc: "1", body: "Nice") { id body product { name } }
          third: createUser(name: "Kay") { id username }
        }
        """
    )
    assert body == {
        "data": {
            "first": {"id": "new-1", "name": "Lin Ma"},
            "second": {"id": "new-2", "body": "Nice", "product": {"name": "Table"}},
            "third": {"id": "new-3", "username": "kay"},
        }
    }
    assert shop.log.entries == ["createUser:Lin Ma", "addReview:1", "createUser:Kay"]


async def test_mutation_with_variables_and_entity_jump(
    router: Gateway, shop: ShopSubgraphs
) -> None:
    body = await router.execute(
        "mutation Add($upc: String!, $body: String!) {"
        " addReview(upc: $upc, body: $body) { body author { name } product { inStock } } }",
        {"upc": "2", "body": "Comfy"},
    )
    assert body == {
        "data": {
            "addReview": {
                "body": "Comfy",
                "author": {"name": "Ada Lovelace"},
                "product": {"inStock": False},
            }
        }
    }
    assert shop.log.entries == ["addReview:2"]
