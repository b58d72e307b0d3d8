"""A composite key, a federation 1 subgraph, @requires of an enum, enums and unions whose
values and members differ between subgraphs."""

from __future__ import annotations

from tests.federation.conftest import Gateway, RunningSet


async def test_jump_through_a_composite_key(teams_router: Gateway, teams: RunningSet) -> None:
    # m1 is in two teams: only `id team { id }` picks the right salary
    body = await teams_router.execute("{ members { id name team { id } salary } }")
    assert body == {
        "data": {
            "members": [
                {"id": "m1", "name": "Ann", "team": {"id": "t1"}, "salary": 5000},
                {"id": "m1", "name": "Bob", "team": {"id": "t2"}, "salary": 3000},
                {"id": "m2", "name": "Cy", "team": {"id": "t1"}, "salary": 2800},
            ]
        }
    }
    assert teams.called() == ["people", "payroll"]
    representations = teams.calls[1].body["variables"]["representations"]
    assert representations[1] == {"__typename": "Member", "id": "m1", "team": {"id": "t2"}}


async def test_composite_key_from_the_other_side(teams_router: Gateway) -> None:
    body = await teams_router.execute("{ topEarner { name level salary team { name } } }")
    assert body == {
        "data": {
            "topEarner": {
                "name": "Ann",
                "level": "SENIOR",
                "salary": 5000,
                "team": {"name": "Core"},
            }
        }
    }


async def test_requires_an_enum_field(teams_router: Gateway) -> None:
    body = await teams_router.execute("{ members { name bonus payGrade } }")
    assert body == {
        "data": {
            "members": [
                {"name": "Ann", "bonus": 500, "payGrade": "G5"},
                {"name": "Bob", "bonus": 100, "payGrade": "G3"},
                {"name": "Cy", "bonus": 100, "payGrade": "G2"},
            ]
        }
    }


async def test_federation_1_subgraph_extends_an_entity(teams_router: Gateway) -> None:
    body = await teams_router.execute("{ teams { name budget } members { team { budget } } }")
    assert body == {
        "data": {
            "teams": [{"name": "Core", "budget": 100000}, {"name": "Web", "budget": 50000}],
            "members": [
                {"team": {"budget": 100000}},
                {"team": {"budget": 50000}},
                {"team": {"budget": 100000}},
            ],
        }
    }


async def test_output_enum_has_the_values_of_every_subgraph(teams_router: Gateway) -> None:
    body = await teams_router.execute('{ levels __type(name: "Level") { enumValues { name } } }')
    assert body == {
        "data": {
            "levels": ["JUNIOR", "SENIOR", "PRINCIPAL"],
            "__type": {
                "enumValues": [{"name": "JUNIOR"}, {"name": "SENIOR"}, {"name": "PRINCIPAL"}]
            },
        }
    }


async def test_union_members_differ_between_subgraphs(teams_router: Gateway) -> None:
    query = """
        {
          companions { __typename ... on Cat { name lives } ... on Dog { barks } ... on Parrot { words } }
          patients { __typename ... on Cat { name lives } ... on Dog { barks } ... on Parrot { words } }
        }
    """
    body = await teams_router.execute(query)
    assert body == {
        "data": {
            "companions": [
                {"__typename": "Cat", "name": "Tom", "lives": 9},
                {"__typename": "Dog", "barks": True},
            ],
            "patients": [
                {"__typename": "Parrot", "words": 12},
                {"__typename": "Cat", "name": "Tom", "lives": 8},
            ],
        }
    }


async def test_same_field_with_different_nullability_in_one_subgraph(
    teams_router: Gateway,
) -> None:
    # people has Cat.name: String! and Dog.name: String; sent as is, its query would not
    # validate (conflicting types in one selection), so the router must tell them apart
    body = await teams_router.execute(
        "{ companions { ... on Cat { name lives } ... on Dog { name } } }"
    )
    assert body == {"data": {"companions": [{"name": "Tom", "lives": 9}, {"name": "Rex"}]}}


async def test_requires_back_and_forth_between_two_subgraphs(teams_router: Gateway) -> None:
    # people.highlyPaid needs payroll.bonus, which needs people.level
    body = await teams_router.execute("{ members { name highlyPaid } }")
    assert body == {
        "data": {
            "members": [
                {"name": "Ann", "highlyPaid": True},
                {"name": "Bob", "highlyPaid": False},
                {"name": "Cy", "highlyPaid": False},
            ]
        }
    }
