"""Query plans in responses (router.query_plans): a router started with plans exposed answers
`x-agora-query-plan: true` with `extensions.queryPlan`; any other router ignores the header.
Over the shop fixture set, through real HTTP."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from router import cli
from router.app import create_app
from router.gateway import Gateway
from tests.federation.conftest import RunningSet
from tests.support.servers import serve

QUERY = "query Reviews { users { id reviews { id product { name } } } }"
ASK = {"x-agora-query-plan": "true"}


async def _client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    with serve(app) as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            yield client


@pytest.fixture(scope="module")
async def exposing(shop_server: RunningSet) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(
        shop_server.supergraph_sdl(), expose_query_plans=True, deduplicate_client_queries=True
    )
    async for client in _client(app):
        yield client


@pytest.fixture(scope="module")
async def default(shop_server: RunningSet) -> AsyncIterator[httpx.AsyncClient]:
    async for client in _client(create_app(shop_server.supergraph_sdl())):
        yield client


async def post(
    client: httpx.AsyncClient, query: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def described(supergraph: str, query: str) -> str:
    """What the router's own planner makes of `query`, as `QueryPlan.describe()` prints it."""
    gateway = Gateway(supergraph)
    prepared = gateway.prepare(query)
    operation = gateway.operation(prepared, None)
    return gateway.plan(prepared, query, operation, {}).describe()


async def test_the_header_gets_the_plan_in_extensions(
    exposing: httpx.AsyncClient, shop: RunningSet
) -> None:
    plain = await post(exposing, QUERY)
    assert "extensions" not in plain
    body = await post(exposing, QUERY, ASK)
    assert body["data"] == plain["data"] and body["data"]["users"]
    plan = body["extensions"]["queryPlan"]
    assert plan == described(shop.supergraph_sdl(), QUERY)
    assert plan.startswith("QueryPlan {\n  Sequence {\n")
    assert 'Fetch(service: "' in plan and "Flatten(" in plan  # users, then their reviews


async def test_a_shared_response_keeps_no_plan(
    exposing: httpx.AsyncClient, shop: RunningSet
) -> None:
    # De-duplicated: both requests share one execution; only the one that asked gets the plan.
    asked, plain = await asyncio.gather(post(exposing, QUERY, ASK), post(exposing, QUERY))
    assert "queryPlan" in asked["extensions"]
    assert "extensions" not in plain


async def test_plan_and_cost_are_reported_together(
    exposing: httpx.AsyncClient, shop: RunningSet
) -> None:
    body = await post(exposing, QUERY, {**ASK, "x-agora-cost": "true"})
    assert set(body["extensions"]) == {"queryPlan", "cost"}


async def test_a_router_not_exposing_plans_ignores_the_header(
    default: httpx.AsyncClient, shop: RunningSet
) -> None:
    body = await post(default, QUERY, ASK)
    assert body["data"]["users"]
    assert "extensions" not in body


async def test_a_refused_operation_has_no_plan(exposing: httpx.AsyncClient) -> None:
    body = await post(exposing, "{ nope }", ASK)
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "queryPlan" not in body.get("extensions", {})


@pytest.mark.parametrize(
    ("environment", "arguments", "exposed"),
    [
        ({}, [], False),
        ({cli.EXPOSE_QUERY_PLANS: "true"}, [], True),
        ({}, ["--expose-query-plans"], True),
        ({cli.EXPOSE_QUERY_PLANS: "true"}, ["--no-expose-query-plans"], False),
    ],
)
def test_the_option_and_its_variable(
    monkeypatch: pytest.MonkeyPatch,
    environment: dict[str, str],
    arguments: list[str],
    exposed: bool,
) -> None:
    monkeypatch.delenv(cli.EXPOSE_QUERY_PLANS, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    args = parser.parse_args(["--supergraph", "x.graphql", *arguments])
    assert args.expose_query_plans is exposed
