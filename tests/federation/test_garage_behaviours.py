"""@requires with type conditions and with arguments, three keys reached from a
non-resolvable one, a value interface shared by subgraphs."""

from __future__ import annotations

from tests.federation.conftest import Gateway


async def test_requires_with_type_conditions_on_an_interface_field(garage_router: Gateway) -> None:
    body = await garage_router.execute("{ vehicles { id owner { name } ... on Car { premium } } }")
    assert body == {
        "data": {
            "vehicles": [
                {"id": "c1", "owner": {"name": "Ann"}, "premium": 700},
                {"id": "c2", "owner": {"name": "Acme"}, "premium": 2050},
                {"id": "b1", "owner": {"name": "Bo"}},
            ]
        }
    }


async def test_requires_of_one_field_with_two_arguments(garage_router: Gateway) -> None:
    body = await garage_router.execute(
        "{ vehicles { ... on Car { id hpTax kwTax specs { hp: power(unit: HP) power } } } }"
    )
    assert body == {
        "data": {
            "vehicles": [
                {"id": "c1", "hpTax": 268, "kwTax": 300, "specs": {"hp": 134, "power": 100}},
                {"id": "c2", "hpTax": 402, "kwTax": 450, "specs": {"hp": 201, "power": 150}},
                {},
            ]
        }
    }


async def test_entity_reached_through_its_other_keys(garage_router: Gateway) -> None:
    # police knows only the plate; registry turns it into the id that fleet and insurance need
    body = await garage_router.execute(
        "{ stolen { plate vin id wheels premium kwTax specs { mass } } }"
    )
    assert body == {
        "data": {
            "stolen": [
                {
                    "plate": "CD-2",
                    "vin": "VIN2",
                    "id": "c2",
                    "wheels": 4,
                    "premium": 2050,
                    "kwTax": 450,
                    "specs": {"mass": 1500},
                }
            ]
        }
    }


async def test_value_interface_with_type_conditions(garage_router: Gateway) -> None:
    body = await garage_router.execute(
        "{ vehicles { owner { __typename name ... on Person { age } ... on Company { vat } } } }"
    )
    assert body == {
        "data": {
            "vehicles": [
                {"owner": {"__typename": "Person", "name": "Ann", "age": 30}},
                {"owner": {"__typename": "Company", "name": "Acme", "vat": "PT123"}},
                {"owner": {"__typename": "Person", "name": "Bo", "age": 20}},
            ]
        }
    }


async def test_shared_value_object_completed_through_its_parent_entity(
    garage_router: Gateway,
) -> None:
    # fleet gives specs.mass, only registry knows specs.co2: the router reaches it via Car
    body = await garage_router.execute(
        "{ vehicles { ... on Car { id specs { mass co2 } } } stolen { specs { co2 mass } } }"
    )
    assert body == {
        "data": {
            "vehicles": [
                {"id": "c1", "specs": {"mass": 1200, "co2": 120}},
                {"id": "c2", "specs": {"mass": 1500, "co2": 180}},
                {},
            ],
            "stolen": [{"specs": {"co2": 180, "mass": 1500}}],
        }
    }
