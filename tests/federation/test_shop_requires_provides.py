"""@requires (flat, nested, on a field with arguments) and @provides."""

from __future__ import annotations

from tests.federation.conftest import Gateway, ShopSubgraphs


async def test_requires_sends_the_required_fields(router: Gateway) -> None:
    body = await router.execute("{ products { upc shippingEstimate } }")
    assert body == {
        "data": {
            "products": [
                {"upc": "1", "shippingEstimate": 50},
                {"upc": "2", "shippingEstimate": 0},
                {"upc": "3", "shippingEstimate": 25},
            ]
        }
    }


async def test_requires_alongside_the_required_fields_selected(router: Gateway) -> None:
    body = await router.execute('{ product(upc: "3") { price weight shippingEstimate } }')
    assert body == {"data": {"product": {"price": 54, "weight": 50, "shippingEstimate": 25}}}


async def test_nested_requires_on_a_field_with_arguments(router: Gateway) -> None:
    body = await router.execute(
        '{ products { upc eu: shippingCost(zone: "EU") us: shippingCost(zone: "US") } }'
    )
    assert body == {
        "data": {
            "products": [
                {"upc": "1", "eu": 70, "us": 35},
                {"upc": "2", "eu": 250, "us": 125},
                {"upc": "3", "eu": 30, "us": 15},
            ]
        }
    }


async def test_requires_from_an_entity_reached_through_another(router: Gateway) -> None:
    body = await router.execute("{ reviews { product { shippingEstimate } } }")
    assert body == {
        "data": {
            "reviews": [
                {"product": {"shippingEstimate": 50}},
                {"product": {"shippingEstimate": 0}},
                {"product": {"shippingEstimate": 25}},
                {"product": {"shippingEstimate": 50}},
            ]
        }
    }


async def test_provides_saves_the_jump(router: Gateway, shop: ShopSubgraphs) -> None:
    body = await router.execute("{ reviews { author { username } } }")
    assert body == {
        "data": {
            "reviews": [
                {"author": {"username": "ada"}},
                {"author": {"username": "alan"}},
                {"author": {"username": "ada"}},
                {"author": {"username": "grace"}},
            ]
        }
    }
    assert shop.called() == ["reviews"]


async def test_provides_does_not_cover_other_fields(router: Gateway, shop: ShopSubgraphs) -> None:
    body = await router.execute("{ reviews { author { username name } } }")
    assert body == {
        "data": {
            "reviews": [
                {"author": {"username": "ada", "name": "Ada Lovelace"}},
                {"author": {"username": "alan", "name": "Alan Turing"}},
                {"author": {"username": "ada", "name": "Ada Lovelace"}},
                {"author": {"username": "grace", "name": "Grace Hopper"}},
            ]
        }
    }
    assert shop.called() == ["reviews", "accounts"]
