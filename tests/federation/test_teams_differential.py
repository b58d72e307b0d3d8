"""Differential on the teams fixture: our router and Hive Gateway return the same data."""

from __future__ import annotations

import pytest

from tests.federation.conftest import Gateway

OPERATIONS: list[tuple[str, str]] = [
    ("composite-key", "{ members { name team { name budget } salary bonus } }"),
    ("composite-key-reverse", "{ topEarner { id name payGrade team { id budget } } }"),
    ("requires-back-and-forth", "{ members { id highlyPaid bonus } topEarner { highlyPaid } }"),
    ("federation-1", "{ teams { id budget } }"),
    ("enum", "{ levels members { level } }"),
    (
        "nullability-mismatch",
        "{ companions { __typename ... on Cat { name } ... on Dog { name } } }",
    ),
    (
        "unions",
        "{ companions { __typename ... on Cat { name } } "
        "patients { __typename ... on Parrot { name words } } }",
    ),
]


@pytest.mark.parametrize("query", [pytest.param(query, id=name) for name, query in OPERATIONS])
async def test_router_and_hive_gateway_return_the_same_data(
    teams_router: Gateway, teams_hive: Gateway, query: str
) -> None:
    expected = await teams_hive.execute(query)
    received = await teams_router.execute(query)
    assert expected.get("data") is not None, expected  # the reference must answer something
    assert received.get("data") == expected["data"]
