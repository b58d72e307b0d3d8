"""@override, @inaccessible and @shareable as clients see them."""

from __future__ import annotations

from tests.federation.conftest import Gateway, ShopSubgraphs


async def test_override_takes_the_field_from_the_new_subgraph(
    router: Gateway, shop: ShopSubgraphs
) -> None:
    body = await router.execute("{ products { upc stockCount } }")
    # products still answers -1 for stockCount: the router must ask inventory instead
    assert body == {
        "data": {
            "products": [
                {"upc": "1", "stockCount": 12},
                {"upc": "2", "stockCount": 0},
                {"upc": "3", "stockCount": 7},
            ]
        }
    }
    assert shop.called() == ["products", "inventory"]


async def test_inaccessible_field_cannot_be_queried(router: Gateway, shop: ShopSubgraphs) -> None:
    body = await router.execute("{ me { name internalNote } }")
    assert body.get("data") is None
    assert len(body["errors"]) == 1
    assert "internalNote" in body["errors"][0]["message"]
    assert shop.called() == []


async def test_inaccessible_field_is_hidden_from_introspection(router: Gateway) -> None:
    body = await router.execute('{ __type(name: "User") { fields { name } } }')
    assert body == {
        "data": {
            "__type": {
                "fields": [
                    {"name": "id"},
                    {"name": "email"},
                    {"name": "name"},
                    {"name": "username"},
                    {"name": "role"},
                    {"name": "reviews"},
                ]
            }
        }
    }


async def test_introspection_lists_the_composed_root_fields(router: Gateway) -> None:
    body = await router.execute("{ __schema { mutationType { fields { name } } } }")
    assert body == {
        "data": {
            "__schema": {
                "mutationType": {"fields": [{"name": "createUser"}, {"name": "addReview"}]}
            }
        }
    }


async def test_shareable_value_type_next_to_a_field_requiring_it(router: Gateway) -> None:
    body = await router.execute(
        '{ products { dimensions { size weight } shippingCost(zone: "US") } }'
    )
    assert body == {
        "data": {
            "products": [
                {"dimensions": {"size": "large", "weight": 100.0}, "shippingCost": 35},
                {"dimensions": {"size": "large", "weight": 1000.0}, "shippingCost": 125},
                {"dimensions": {"size": "small", "weight": 50.0}, "shippingCost": 15},
            ]
        }
    }


async def test_enum_values_pass_through(router: Gateway) -> None:
    body = await router.execute("{ users { username role } }")
    assert body == {
        "data": {
            "users": [
                {"username": "ada", "role": "ADMIN"},
                {"username": "alan", "role": "CUSTOMER"},
                {"username": "grace", "role": "CUSTOMER"},
            ]
        }
    }


async def test_api_schema_hides_the_federation_machinery(router: Gateway) -> None:
    body = await router.execute("{ __schema { types { name } directives { name } } }")
    names = {t["name"] for t in body["data"]["__schema"]["types"]}
    assert {name for name in names if not name.startswith("__")} == {
        "Book", "Boolean", "Dimensions", "Float", "ID", "Int", "Media", "Movie", "Mutation",
        "Product", "Query", "Review", "Role", "SearchResult", "String", "User",
    }  # fmt: skip
    directives = {d["name"] for d in body["data"]["__schema"]["directives"]}
    assert {"skip", "include", "deprecated"} <= directives
    assert not any(d.startswith(("join__", "link", "inaccessible")) for d in directives)
