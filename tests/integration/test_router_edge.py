"""The router's edge over the real users subgraph: JWT check, rate limits, CORS, request ids."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from agora.compose import subgraph_sdl
from router.app import create_app
from router.composition import SubgraphSDL, compose
from router.edge import EdgeSettings, with_edge
from tests.integration.accounts import Accounts
from tests.integration.test_users_security import expired, forged_with_our_kid
from tests.support.environment import TestEnvironment
from tests.support.servers import serve

ME = {"query": "{ me { id displayName } }"}


@pytest.fixture(scope="session")
def users_supergraph(users_url: str) -> str:
    sdl = subgraph_sdl("users")
    assert sdl is not None
    return compose([SubgraphSDL("users", f"{users_url}/graphql", sdl)])


@pytest.fixture(scope="session")
def edge(users_url: str, test_env: TestEnvironment) -> EdgeSettings:
    return EdgeSettings(
        jwks_url=f"{users_url}/.well-known/jwks.json",
        rate_limit=1000,
        redis_url=test_env.redis_url,
        redis_prefix=test_env.redis_prefix + "edge-shared:",
        cors_origins=("https://app.agora.example",),
    )


@pytest.fixture(scope="session")
def router_url(users_supergraph: str, edge: EdgeSettings) -> Iterator[str]:
    with serve(with_edge(create_app(users_supergraph), edge)) as url:
        yield url


@pytest.fixture
async def router(router_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=router_url, timeout=30) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def test_signed_in_query_through_the_router(
    accounts: Accounts, router: httpx.AsyncClient
) -> None:
    account = await accounts.register(firstName="Routed")
    response = await router.post("/graphql", json=ME, headers=bearer(account.access))
    assert response.status_code == 200
    assert response.json() == {"data": {"me": {"id": account.id, "displayName": "Routed Lovelace"}}}


@pytest.mark.parametrize("make_token", [forged_with_our_kid, expired], ids=["forged", "expired"])
async def test_invalid_tokens_are_refused_at_the_edge(
    accounts: Accounts, router: httpx.AsyncClient, make_token: object
) -> None:
    account = await accounts.register()
    token = make_token(account.id)  # type: ignore[operator]
    response = await router.post("/graphql", json=ME, headers=bearer(token))
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_anonymous_requests_pass_the_edge(router: httpx.AsyncClient) -> None:
    response = await router.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 200 and response.json() == {"data": {"__typename": "Query"}}


async def test_rate_limit_headers(router: httpx.AsyncClient) -> None:
    response = await router.post("/graphql", json={"query": "{ __typename }"})
    assert response.headers["ratelimit-limit"] == "1000"
    assert 0 <= int(response.headers["ratelimit-remaining"]) < 1000
    assert 1 <= int(response.headers["ratelimit-reset"]) <= 60


async def test_request_id_is_kept_end_to_end(router: httpx.AsyncClient) -> None:
    response = await router.post("/graphql", json=ME, headers={"x-request-id": "edge-trace-1"})
    assert response.headers["x-request-id"] == "edge-trace-1"
    made = await router.post("/graphql", json={"query": "{ __typename }"})
    assert len(made.headers["x-request-id"]) == 32


async def test_cors_allow_list(router: httpx.AsyncClient) -> None:
    preflight = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization",
    }
    allowed = await router.options(
        "/graphql", headers={"origin": "https://app.agora.example", **preflight}
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://app.agora.example"
    refused = await router.options(
        "/graphql", headers={"origin": "https://evil.example", **preflight}
    )
    assert "access-control-allow-origin" not in refused.headers
    # SSE's single-connection mode: a reservation (PUT) carrying the stream token
    stream = await router.options(
        "/graphql",
        headers={
            "origin": "https://app.agora.example",
            "access-control-request-method": "PUT",
            "access-control-request-headers": "authorization, x-graphql-event-stream-token",
        },
    )
    assert stream.status_code == 200
    assert "PUT" in stream.headers["access-control-allow-methods"]


async def test_limit_is_shared_by_replicas_and_per_client(
    accounts: Accounts, users_supergraph: str, edge: EdgeSettings, test_env: TestEnvironment
) -> None:
    tight = dataclasses.replace(
        edge, rate_limit=3, redis_prefix=test_env.redis_prefix + "edge-tight:"
    )
    alice, bob = await accounts.register(), await accounts.register()
    with (
        serve(with_edge(create_app(users_supergraph), tight)) as one,
        serve(with_edge(create_app(users_supergraph), tight)) as two,
    ):
        async with httpx.AsyncClient(timeout=30) as http:
            statuses = [
                (
                    await http.post(f"{url}/graphql", json=ME, headers=bearer(alice.access))
                ).status_code
                for url in (one, two, one)
            ]
            assert statuses == [200, 200, 200]
            limited = await http.post(f"{two}/graphql", json=ME, headers=bearer(alice.access))
            assert limited.status_code == 429
            assert limited.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
            assert 1 <= int(limited.headers["retry-after"]) <= 60
            assert limited.headers["ratelimit-remaining"] == "0"
            # Bob has his own budget; health checks are never limited.
            assert (
                await http.post(f"{one}/graphql", json=ME, headers=bearer(bob.access))
            ).status_code == 200
            assert (await http.get(f"{one}/health")).status_code == 200


async def test_limiter_outage_fails_open(users_supergraph: str, edge: EdgeSettings) -> None:
    broken = dataclasses.replace(edge, rate_limit=1, redis_url="redis://127.0.0.1:1/0")
    with serve(with_edge(create_app(users_supergraph), broken)) as url:
        async with httpx.AsyncClient(timeout=30) as http:
            for _ in range(3):
                response = await http.post(f"{url}/graphql", json={"query": "{ __typename }"})
                assert response.status_code == 200
                assert "ratelimit-limit" not in response.headers
