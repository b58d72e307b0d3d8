"""Subgraph errors at the right path, null bubbling, and a subgraph that is down."""

from __future__ import annotations

from typing import Any

from tests.federation.conftest import Gateway


def messages_and_paths(body: dict[str, Any]) -> list[tuple[str, list[Any] | None]]:
    return [(error["message"], error.get("path")) for error in body["errors"]]


async def test_error_in_an_entity_fetch_lands_at_the_client_path(router: Gateway) -> None:
    body = await router.execute("{ products { upc warehouse } }")
    assert body["data"] == {
        "products": [
            {"upc": "1", "warehouse": "north"},
            {"upc": "2", "warehouse": None},
            {"upc": "3", "warehouse": "south"},
        ]
    }
    assert messages_and_paths(body) == [("warehouse unknown for 2", ["products", 1, "warehouse"])]


async def test_error_in_a_root_fetch_keeps_its_path(router: Gateway) -> None:
    body = await router.execute('{ product(upc: "2") { name legacyCode } }')
    assert body["data"] == {"product": None}
    assert messages_and_paths(body) == [("legacy code missing for 2", ["product", "legacyCode"])]


async def test_null_bubbles_from_an_entity_field_to_the_nullable_parent(router: Gateway) -> None:
    body = await router.execute('{ product(upc: "2") { name auditCode } }')
    assert body["data"] == {"product": None}
    assert messages_and_paths(body) == [("audit code missing for 2", ["product", "auditCode"])]


async def test_null_bubbles_through_non_null_lists_to_data(router: Gateway) -> None:
    body = await router.execute("{ products { upc auditCode } }")
    assert body["data"] is None
    assert messages_and_paths(body) == [("audit code missing for 2", ["products", 1, "auditCode"])]


async def test_other_root_fields_survive_a_bubbled_null(router: Gateway) -> None:
    body = await router.execute('{ me { name } product(upc: "2") { auditCode } }')
    assert body["data"] == {"me": {"name": "Ada Lovelace"}, "product": None}
    assert messages_and_paths(body) == [("audit code missing for 2", ["product", "auditCode"])]


async def test_subgraph_down_gives_partial_data_and_an_error(
    router_with_inventory_down: Gateway,
) -> None:
    body = await router_with_inventory_down.execute(
        '{ me { name } product(upc: "1") { name warehouse } }'
    )
    assert body["data"] == {
        "me": {"name": "Ada Lovelace"},
        "product": {"name": "Table", "warehouse": None},
    }
    assert len(body["errors"]) >= 1
    assert all(isinstance(error["message"], str) for error in body["errors"])


async def test_subgraph_down_nulls_the_parent_of_a_non_null_field(
    router_with_inventory_down: Gateway,
) -> None:
    body = await router_with_inventory_down.execute(
        '{ me { name } product(upc: "1") { name inStock } }'
    )
    assert body["data"] == {"me": {"name": "Ada Lovelace"}, "product": None}
    assert len(body["errors"]) >= 1


async def test_subgraph_down_at_the_root_of_a_non_null_field(
    router_with_inventory_down: Gateway,
) -> None:
    body = await router_with_inventory_down.execute("{ inventoryStatus me { name } }")
    assert body["data"] is None
    assert len(body["errors"]) >= 1


async def test_every_position_of_a_shared_representation_gets_its_own_error(
    router: Gateway,
) -> None:
    # both aliases resolve product 2: one representation is sent, and it fails for both
    body = await router.execute(
        '{ a: product(upc: "2") { upc warehouse } b: product(upc: "2") { warehouse } }'
    )
    assert body["data"] == {"a": {"upc": "2", "warehouse": None}, "b": {"warehouse": None}}
    assert sorted(messages_and_paths(body)) == [
        ("warehouse unknown for 2", ["a", "warehouse"]),
        ("warehouse unknown for 2", ["b", "warehouse"]),
    ]


async def test_an_error_under_one_alias_never_nulls_another(router: Gateway) -> None:
    # the same field and arguments under two response keys execute apart (spec: ExecuteField)
    body = await router.execute(
        '{ a: product(upc: "2") { legacyCode } b: product(upc: "2") { name } }'
    )
    assert body["data"] == {"a": None, "b": {"name": "Couch"}}
    assert messages_and_paths(body) == [("legacy code missing for 2", ["a", "legacyCode"])]
