"""Entity jumps through keys: one key, a second key, a non-resolvable reference, chains, batching."""

from __future__ import annotations

from tests.federation.conftest import Gateway, ShopSubgraphs


async def test_jump_from_root_entity_to_another_subgraph(router: Gateway) -> None:
    body = await router.execute("{ me { id name reviews { body } } }")
    assert body == {
        "data": {
            "me": {
                "id": "u1",
                "name": "Ada Lovelace",
                "reviews": [{"body": "Love it!"}, {"body": "Could be better."}],
            }
        }
    }


async def test_jump_through_second_key_of_a_non_resolvable_reference(router: Gateway) -> None:
    # products knows the creator only by email (resolvable: false); accounts has @key(email)
    body = await router.execute('{ product(upc: "2") { name createdBy { name username } } }')
    assert body == {
        "data": {
            "product": {"name": "Couch", "createdBy": {"name": "Alan Turing", "username": "alan"}}
        }
    }


async def test_chain_of_jumps_through_different_keys(router: Gateway) -> None:
    # media -> products by sku -> inventory by upc
    body = await router.execute('{ search(term: "any") { ... on Product { upc name inStock } } }')
    assert body == {"data": {"search": [{}, {"upc": "3", "name": "Chair", "inStock": True}, {}]}}


async def test_nested_jumps_from_a_list(router: Gateway) -> None:
    body = await router.execute("{ reviews { body author { name } product { name inStock } } }")
    assert body == {
        "data": {
            "reviews": [
                {
                    "body": "Love it!",
                    "author": {"name": "Ada Lovelace"},
                    "product": {"name": "Table", "inStock": True},
                },
                {
                    "body": "Too expensive.",
                    "author": {"name": "Alan Turing"},
                    "product": {"name": "Couch", "inStock": False},
                },
                {
                    "body": "Could be better.",
                    "author": {"name": "Ada Lovelace"},
                    "product": {"name": "Chair", "inStock": True},
                },
                {
                    "body": "Sturdy.",
                    "author": {"name": "Grace Hopper"},
                    "product": {"name": "Table", "inStock": True},
                },
            ]
        }
    }


async def test_entities_of_a_list_are_fetched_in_one_batch(
    router: Gateway, shop: ShopSubgraphs
) -> None:
    body = await router.execute("{ products { upc inStock } }")
    assert body == {
        "data": {
            "products": [
                {"upc": "1", "inStock": True},
                {"upc": "2", "inStock": False},
                {"upc": "3", "inStock": True},
            ]
        }
    }
    assert shop.called() == ["products", "inventory"]


async def test_entity_fetched_back_into_its_own_subgraph(router: Gateway) -> None:
    # products -> reviews -> products again for the reviewed product's name
    body = await router.execute(
        '{ product(upc: "3") { name reviews { body product { upc name } } } }'
    )
    assert body == {
        "data": {
            "product": {
                "name": "Chair",
                "reviews": [{"body": "Could be better.", "product": {"upc": "3", "name": "Chair"}}],
            }
        }
    }
