"""Demand control over real HTTP: an operation whose estimated cost is over the budget is refused
with COST_ESTIMATED_TOO_EXPENSIVE before any subgraph is asked anything (the Agora supergraph,
its subgraphs replaced by a server that records every request); `x-agora-cost: true` reports
the estimated and the actual cost of an allowed operation (the shop fixture set)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from router.app import create_app
from router.cost import DEFAULT_MAX_COST
from router.errors import RequestError
from router.supergraph import Supergraph
from tests.federation.conftest import RunningSet
from tests.support.environment import REPO_ROOT
from tests.support.servers import serve

SUPERGRAPH = (REPO_ROOT / "schema" / "supergraph.graphql").read_text()
COSTLY = "COST_ESTIMATED_TOO_EXPENSIVE"
THREAD = (
    "channels(first: 100) { edges { node { posts(first: 100) { edges { node { "
    "comments(first: 100) { edges { node { replies(first: 100) { edges { node { id body "
    "} } } } } } } } } } } }"
)
# channels 1 + 100 x (edge 1 + channel 1 + posts (1 + 100 x (2 + comments (1 + 100 x
# (2 + replies (1 + 100 x 2)))))): 203,030,301 from a 0.2 KB request.
THREAD_COST = 203_030_301
SHOP_BUDGET = 500
REPORT = {"x-agora-cost": "true"}  # asks for extensions.cost
BY_VARIABLE = (
    "query($n: Int) { channels(first: $n) { edges { node { posts(first: $n) { edges { node { "
    "comments(first: $n) { edges { node { id } } } } } } } } } }"
)


@pytest.fixture(scope="module")
def recorded() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A stand-in for every subgraph that records what it is asked and knows nothing."""
    calls: list[dict[str, Any]] = []

    async def graphql(request: Request) -> JSONResponse:
        calls.append(await request.json())
        return JSONResponse({"data": None, "errors": [{"message": "recorded only"}]})

    app = Starlette(routes=[Route("/graphql", graphql, methods=["POST"])])
    with serve(app) as url:
        yield f"{url}/graphql", calls


@pytest.fixture(scope="module")
async def agora(recorded: tuple[str, list[dict[str, Any]]]) -> AsyncIterator[httpx.AsyncClient]:
    url, _ = recorded
    urls = {sub.name: url for sub in Supergraph(SUPERGRAPH).subgraphs.values()}
    app = create_app(SUPERGRAPH, subgraph_urls=urls, max_cost=DEFAULT_MAX_COST)
    with serve(app) as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            yield client


async def post(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize(
    ("query", "cost"),
    [
        ("{ " + THREAD + " }", THREAD_COST),
        ("{ " + " ".join(f"t{i}: {THREAD}" for i in range(3)) + " }", 3 * THREAD_COST),
    ],
    ids=["thread", "three aliases of it"],
)
async def test_the_thread_of_threads_is_refused_before_any_fetch(
    agora: httpx.AsyncClient,
    recorded: tuple[str, list[dict[str, Any]]],
    query: str,
    cost: int,
) -> None:
    _, calls = recorded
    calls.clear()
    body = await post(agora, query)
    assert body == {
        "errors": [
            {
                "message": f"Operation's estimated cost {cost} is above the router's limit of "
                f"{DEFAULT_MAX_COST}.",
                "extensions": {"cost": cost, "maxCost": DEFAULT_MAX_COST, "code": COSTLY},
            }
        ]
    }
    assert calls == []  # refused from the query's text: nothing was fetched, nothing expanded


async def test_variables_decide_the_estimate(
    agora: httpx.AsyncClient, recorded: tuple[str, list[dict[str, Any]]]
) -> None:
    _, calls = recorded
    calls.clear()
    refused = await post(agora, BY_VARIABLE, {"n": 100})
    assert refused["errors"][0]["extensions"]["code"] == COSTLY
    assert calls == []
    # Three of each: 1 + 3 x (2 + 1 + 3 x (2 + 1 + 3 x 2)) = 91, allowed: the subgraph is asked.
    allowed = await post(agora, BY_VARIABLE, {"n": 3}, headers=REPORT)
    assert "COST" not in str(allowed.get("errors"))
    assert allowed["extensions"]["cost"]["estimated"] == 91
    assert len(calls) == 1


@pytest.fixture(scope="module")
async def shop_router(shop_server: RunningSet) -> AsyncIterator[httpx.AsyncClient]:
    with serve(create_app(shop_server.supergraph_sdl(), max_cost=SHOP_BUDGET)) as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            yield client


async def test_the_cost_header_reports_estimated_and_actual(
    shop_router: httpx.AsyncClient, shop: RunningSet
) -> None:
    query = "{ users { id reviews { id product { name } } } }"
    plain = await post(shop_router, query)
    assert "extensions" not in plain
    body = await post(shop_router, query, headers=REPORT)
    assert body["data"] == plain["data"]
    users = body["data"]["users"]
    reviews = [review for user in users for review in user["reviews"]]
    products = [review for review in reviews if review["product"] is not None]
    assert len(users) == 3 and reviews  # the fixture's data: something to count
    # No @listSize in the shop: each list is estimated at 10; actually it is what came back.
    assert body["extensions"] == {
        "cost": {
            "estimated": 10 * (1 + 10 * (1 + 1)),
            "actual": len(users) + len(reviews) + len(products),
            "maxCost": SHOP_BUDGET,
        }
    }


async def test_over_budget_on_the_shop_nothing_is_fetched(
    shop_router: httpx.AsyncClient, shop: RunningSet
) -> None:
    body = await post(shop_router, "{ users { reviews { product { reviews { id } } } } }")
    expected = 10 * (1 + 10 * (1 + 1 + 10))  # users > reviews > product > reviews, 10 each
    assert body["errors"][0]["extensions"] == {
        "cost": expected,
        "maxCost": SHOP_BUDGET,
        "code": COSTLY,
    }
    assert shop.called() == []


async def test_the_refusal_is_a_request_error_under_both_media_types(
    agora: httpx.AsyncClient,
) -> None:
    body = {"query": "{ " + THREAD + " }"}
    for accept, status in (("application/json", 200), ("application/graphql-response+json", 400)):
        response = await agora.post("/graphql", json=body, headers={"accept": accept})
        assert response.status_code == status
        assert response.json()["errors"][0]["extensions"]["code"] == COSTLY


async def test_a_subscription_over_the_budget_is_refused_before_it_subscribes() -> None:
    from router.gateway import Gateway
    from router.subscriptions.source import Subscription

    query = "subscription { notificationReceived { id actor { displayName } } }"
    roomy, tight = Gateway(SUPERGRAPH, max_cost=DEFAULT_MAX_COST), Gateway(SUPERGRAPH, max_cost=1)
    try:
        assert Subscription.prepare(roomy, query, None, None).root.graph
        with pytest.raises(RequestError) as refused:
            Subscription.prepare(tight, query, None, None)  # planned, never subscribed
        assert refused.value.errors[0]["extensions"]["code"] == COSTLY
    finally:
        await roomy.aclose()
        await tight.aclose()
