"""Operation features across subgraphs: __typename, fragments, aliases, variables, @skip/@include."""

from __future__ import annotations

from tests.federation.conftest import Gateway, ShopSubgraphs


async def test_typename_at_root_nested_and_aliased(router: Gateway) -> None:
    body = await router.execute(
        "{ __typename kind: __typename me { __typename t: __typename reviews { __typename } } }"
    )
    assert body == {
        "data": {
            "__typename": "Query",
            "kind": "Query",
            "me": {
                "__typename": "User",
                "t": "User",
                "reviews": [{"__typename": "Review"}, {"__typename": "Review"}],
            },
        }
    }


async def test_named_and_inline_fragments_merge(router: Gateway) -> None:
    body = await router.execute(
        """
        query {
          product(upc: "1") { ...Basics ... { inStock } ...Stock }
        }
        fragment Basics on Product { upc name }
        fragment Stock on Product { upc stockCount reviews { ...Body } }
        fragment Body on Review { body }
        """
    )
    assert body == {
        "data": {
            "product": {
                "upc": "1",
                "name": "Table",
                "inStock": True,
                "stockCount": 12,
                "reviews": [{"body": "Love it!"}, {"body": "Sturdy."}],
            }
        }
    }


async def test_aliases_of_the_same_field_with_different_arguments(router: Gateway) -> None:
    body = await router.execute(
        '{ a: product(upc: "1") { name } b: product(upc: "3") { title: name stock: inStock } }'
    )
    assert body == {"data": {"a": {"name": "Table"}, "b": {"title": "Chair", "stock": True}}}


async def test_variables_reach_root_and_entity_fields(router: Gateway) -> None:
    body = await router.execute(
        "query Cost($upc: String!, $zone: String!) {"
        " product(upc: $upc) { name shippingCost(zone: $zone) } }",
        {"upc": "2", "zone": "EU"},
    )
    assert body == {"data": {"product": {"name": "Couch", "shippingCost": 250}}}


async def test_default_argument_value_applies(router: Gateway) -> None:
    body = await router.execute("{ topProducts { upc } }")
    assert body == {"data": {"topProducts": [{"upc": "1"}, {"upc": "2"}]}}


async def test_skip_and_include_with_variables(router: Gateway, shop: ShopSubgraphs) -> None:
    query = """
        query ($withStock: Boolean!, $hideName: Boolean!) {
          product(upc: "1") { name @skip(if: $hideName) inStock @include(if: $withStock) }
        }
    """
    body = await router.execute(query, {"withStock": False, "hideName": False})
    assert body == {"data": {"product": {"name": "Table"}}}
    body = await router.execute(query, {"withStock": True, "hideName": True})
    assert body == {"data": {"product": {"inStock": True}}}


async def test_skip_on_a_fragment_spread(router: Gateway) -> None:
    body = await router.execute(
        '{ product(upc: "3") { upc ... @skip(if: true) { name } ... @include(if: true) { inStock } } }'
    )
    assert body == {"data": {"product": {"upc": "3", "inStock": True}}}


async def test_operation_name_picks_the_operation(router: Gateway) -> None:
    response = await router.client.post(
        "/graphql",
        json={
            "query": 'query A { me { name } } query B { product(upc: "1") { name } }',
            "operationName": "B",
        },
    )
    assert response.json() == {"data": {"product": {"name": "Table"}}}


async def test_invalid_operation_is_rejected_before_any_fetch(
    router: Gateway, shop: ShopSubgraphs
) -> None:
    body = await router.execute("{ me { name nickname } }")
    assert body.get("data") is None
    assert len(body["errors"]) == 1
    assert "nickname" in body["errors"][0]["message"]
    assert shop.called() == []


async def test_variable_of_the_wrong_type_is_rejected(router: Gateway, shop: ShopSubgraphs) -> None:
    body = await router.execute(
        "query ($upc: String!) { product(upc: $upc) { name } }", {"upc": {"not": "a string"}}
    )
    assert body.get("data") is None
    assert len(body["errors"]) == 1
    assert shop.called() == []


async def test_variable_defaults_apply_at_root_and_in_entity_fetches(router: Gateway) -> None:
    body = await router.execute(
        """
        query ($skipMe: Boolean = true, $upc: String = "1", $zone: String = "EU") {
          me @skip(if: $skipMe) { name }
          product(upc: $upc) { name shippingCost(zone: $zone) }
        }
        """
    )
    assert body == {"data": {"product": {"name": "Table", "shippingCost": 70}}}


async def test_same_entity_field_under_two_aliases_with_different_arguments(
    router: Gateway,
) -> None:
    body = await router.execute(
        "query ($zone: String!) { reviews { product { a: shippingCost(zone: $zone) "
        'b: shippingCost(zone: "US") } } }',
        {"zone": "EU"},
    )
    assert body == {
        "data": {
            "reviews": [
                {"product": {"a": 70, "b": 35}},
                {"product": {"a": 250, "b": 125}},
                {"product": {"a": 30, "b": 15}},
                {"product": {"a": 70, "b": 35}},
            ]
        }
    }
