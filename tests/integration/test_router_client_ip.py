"""The client's IP at the router's edge and behind it, over real HTTP and WebSockets: rate limits
per real client, X-Forwarded-For believed only from trusted proxies, and the IP the users
subgraph throttles logins by, signed by the router."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from websockets.asyncio.client import connect

from agora.compose import subgraph_sdl
from common.client_ip import (
    CLIENT_IP_HEADER,
    SIGNATURE_HEADER,
    ClientIpSigner,
    UntrustedClientIp,
    load_router_secret,
)
from router.app import create_app
from router.composition import SubgraphSDL, compose
from router.edge import EdgeSettings, with_edge
from router.edge.client_ip import forwarded_client_headers, parse_trusted_proxies
from router.subscriptions import with_subscriptions
from tests.e2e.processes import Processes
from tests.integration.accounts import LOGIN, PASSWORD, Accounts
from tests.support.environment import TestEnvironment
from tests.support.graphql import GraphQLClient
from tests.support.servers import serve

TYPENAME = {"query": "{ __typename }"}
LOOPBACK_PROXY = parse_trusted_proxies("127.0.0.1/32")


def router_secret() -> str:
    secret = load_router_secret()  # the test run's, set by tests/support/environment
    assert secret is not None
    return secret


@pytest.fixture(scope="module")
def users_supergraph(users_url: str) -> str:
    sdl = subgraph_sdl("users")
    assert sdl is not None
    return compose([SubgraphSDL("users", f"{users_url}/graphql", sdl)])


def edge(test_env: TestEnvironment, **changes: Any) -> EdgeSettings:
    """Edge settings with counters of their own (a fresh Redis prefix under the run's)."""
    prefix = f"{test_env.redis_prefix}client-ip-{uuid.uuid4().hex[:8]}:"
    values: dict[str, Any] = {
        "redis_url": test_env.redis_url,
        "redis_prefix": prefix,
        "router_secret": router_secret(),
    }
    return EdgeSettings(**{**values, **changes})


def forwarded(value: str | None) -> dict[str, str]:
    return {} if value is None else {"x-forwarded-for": value}


# -- rate limits -------------------------------------------------------------------------------


async def test_a_spoofed_forwarded_for_from_an_untrusted_peer_changes_nothing(
    users_supergraph: str, test_env: TestEnvironment
) -> None:
    settings = edge(test_env, rate_limit=2)  # no trusted proxies: the peer is the client
    with serve(with_edge(create_app(users_supergraph), settings)) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:

            async def status(spoofed: str | None) -> int:
                response = await http.post("/graphql", json=TYPENAME, headers=forwarded(spoofed))
                return response.status_code

            assert [await status(f"198.51.100.{i}") for i in range(3)] == [200, 200, 429]
            assert await status("198.51.100.99") == 429  # a new spoofed value: still limited
            assert await status("198.51.100.99, 203.0.113.1") == 429
            assert await status(None) == 429


async def test_from_a_trusted_proxy_each_forwarded_client_has_its_own_budget(
    users_supergraph: str, test_env: TestEnvironment
) -> None:
    settings = edge(test_env, rate_limit=2, trusted_proxies=LOOPBACK_PROXY)
    a, b, c = "203.0.113.10", "203.0.113.11", "203.0.113.12"
    with serve(with_edge(create_app(users_supergraph), settings)) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:

            async def status(chain: str) -> int:
                response = await http.post("/graphql", json=TYPENAME, headers=forwarded(chain))
                return response.status_code

            assert [await status(a) for _ in range(3)] == [200, 200, 429]
            assert await status(b) == 200  # another client, another bucket
            # The rightmost untrusted entry is the client: what A writes before it is ignored,
            # trusted hops after it are skipped.
            assert await status(f"{b}, {a}") == 429
            assert await status(f"{c}, {a}, 127.0.0.1") == 429
            assert await status(f"{a}, {c}") == 200  # C appended last: C is the client


# -- what the router puts in the scope and sends on ----------------------------------------------


def echo_app() -> Starlette:
    """Shows what the edge made of the caller, over HTTP and WebSocket."""

    def seen(connection: Request | WebSocket) -> dict[str, Any]:
        client = connection.client
        return {
            "client": client.host if client else None,
            "forwarded": forwarded_client_headers(connection),
        }

    async def http_echo(request: Request) -> JSONResponse:
        return JSONResponse(seen(request))

    async def websocket_echo(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_json(seen(websocket))
        await websocket.close()

    return Starlette(routes=[Route("/echo", http_echo), WebSocketRoute("/echo", websocket_echo)])


async def seen_over_websocket(url: str, chain: str) -> dict[str, Any]:
    ws_url = "ws://" + url.removeprefix("http://") + "/echo"
    async with connect(ws_url, additional_headers=forwarded(chain)) as socket:
        seen: dict[str, Any] = orjson.loads(await socket.recv())
        return seen


async def test_the_client_ip_is_set_and_signed_for_http_and_websockets(
    test_env: TestEnvironment,
) -> None:
    signer = ClientIpSigner(router_secret())
    behind_proxy = edge(test_env, trusted_proxies=LOOPBACK_PROXY)
    with serve(with_edge(echo_app(), behind_proxy)) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            over_http = (await http.get("/echo", headers=forwarded("6.6.6.6, 203.0.113.20"))).json()
        over_websocket = await seen_over_websocket(url, "6.6.6.6, 203.0.113.21")
    assert over_http["client"] == "203.0.113.20"
    assert signer.verify(over_http["forwarded"]) == "203.0.113.20"
    assert over_websocket["client"] == "203.0.113.21"
    assert signer.verify(over_websocket["forwarded"]) == "203.0.113.21"
    with pytest.raises(UntrustedClientIp, match="does not match"):  # another secret
        ClientIpSigner("x" * 32).verify(over_http["forwarded"])

    # No proxies trusted: the peer; no secret: nothing is sent on (subgraphs see the router).
    direct = edge(test_env)
    with serve(with_edge(echo_app(), direct)) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            seen = (await http.get("/echo", headers=forwarded("203.0.113.20"))).json()
    assert seen["client"] == "127.0.0.1"
    assert signer.verify(seen["forwarded"]) == "127.0.0.1"
    with serve(with_edge(echo_app(), edge(test_env, router_secret=None))) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            assert (await http.get("/echo")).json()["forwarded"] == {}


# -- login throttling per client behind the router ------------------------------------------------


@pytest.fixture(scope="module")
def proxied_router(users_supergraph: str, test_env: TestEnvironment) -> Iterator[str]:
    """The router behind a load balancer on loopback, with subscriptions (SSE, WebSocket)."""
    settings = edge(test_env, trusted_proxies=LOOPBACK_PROXY)
    app = with_subscriptions(create_app(users_supergraph))
    with serve(with_edge(app, settings)) as url:
        yield url


Login = Callable[[str, str, str, str], Awaitable[dict[str, Any]]]


async def login_over_http(router: str, client_ip: str, email: str, password: str) -> Any:
    async with httpx.AsyncClient(base_url=router, timeout=30) as http:
        body = {"query": LOGIN, "variables": {"email": email, "password": password}}
        response = await http.post("/graphql", json=body, headers=forwarded(client_ip))
    return response.json()["data"]["login"]


async def login_over_sse(router: str, client_ip: str, email: str, password: str) -> Any:
    async with httpx.AsyncClient(base_url=router, timeout=30) as http:
        body = {"query": LOGIN, "variables": {"email": email, "password": password}}
        headers = {"accept": "text/event-stream", **forwarded(client_ip)}
        response = await http.post("/graphql", json=body, headers=headers)
    events = response.text.split("\n\n")
    assert events[0].startswith("event: next\ndata: "), response.text
    return orjson.loads(events[0].split("data: ", 1)[1])["data"]["login"]


async def login_over_websocket(router: str, client_ip: str, email: str, password: str) -> Any:
    url = "ws://" + router.removeprefix("http://") + "/graphql"
    async with connect(
        url,
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        additional_headers=forwarded(client_ip),
    ) as socket:
        await socket.send(orjson.dumps({"type": "connection_init", "payload": {}}).decode())
        assert orjson.loads(await socket.recv())["type"] == "connection_ack"
        payload = {"query": LOGIN, "variables": {"email": email, "password": password}}
        await socket.send(
            orjson.dumps({"id": "1", "type": "subscribe", "payload": payload}).decode()
        )
        message = orjson.loads(await socket.recv())
    assert message["type"] == "next", message
    return message["payload"]["data"]["login"]


@pytest.mark.parametrize(
    "login",
    [login_over_http, login_over_sse, login_over_websocket],
    ids=["http", "sse", "websocket"],
)
async def test_failed_logins_lock_out_one_client_not_everyone_behind_the_router(
    accounts: Accounts, proxied_router: str, login: Login
) -> None:
    account = await accounts.register()
    attacker, victim = "203.0.113.30", "198.51.100.30"
    for _ in range(5):
        failed = await login(proxied_router, attacker, account.email, "wrong-password-1")
        assert [e["code"] for e in failed["errors"]] == ["INVALID_CREDENTIALS"]
    locked = await login(proxied_router, attacker, account.email, PASSWORD)
    assert [e["code"] for e in locked["errors"]] == ["RATE_LIMITED"]
    # The owner, from another address, still signs in: the subgraph saw two clients.
    signed_in = await login(proxied_router, victim, account.email, PASSWORD)
    assert signed_in["errors"] == [] and signed_in["tokens"]["accessToken"]


# -- the users subgraph believes only the router -------------------------------------------------


async def test_the_users_subgraph_ignores_client_ips_the_router_did_not_sign(
    accounts: Accounts, users: GraphQLClient
) -> None:
    account = await accounts.register()
    router = ClientIpSigner(router_secret())
    claims = [
        {CLIENT_IP_HEADER: "203.0.113.40"},  # unsigned
        ClientIpSigner("f" * 32).headers("203.0.113.41"),  # forged: another secret
        router.headers("203.0.113.42", now=0),  # stale
        {**router.headers("203.0.113.43"), CLIENT_IP_HEADER: "203.0.113.44"},  # tampered
        {**router.headers("203.0.113.45"), SIGNATURE_HEADER: "1.00"},  # bad digest
    ]

    async def login(password: str, headers: dict[str, str]) -> dict[str, Any]:
        body = await users.execute(
            LOGIN, {"email": account.email, "password": password}, headers=headers
        )
        payload: dict[str, Any] = body["data"]["login"]
        return payload

    for claim in claims:  # all count against the peer (127.0.0.1), whatever they claim
        failed = await login("wrong-password-1", claim)
        assert [e["code"] for e in failed["errors"]] == ["INVALID_CREDENTIALS"]
    locked = await login(PASSWORD, {CLIENT_IP_HEADER: "203.0.113.46"})
    assert [e["code"] for e in locked["errors"]] == ["RATE_LIMITED"]
    # A client IP the router signed is another client.
    signed = await login(PASSWORD, router.headers("203.0.113.47"))
    assert signed["errors"] == []


# -- the commands turn uvicorn's own proxy-header handling off -----------------------------------


@pytest.fixture
def processes(tmp_path: Path, test_env: TestEnvironment) -> Iterator[Processes]:
    running = Processes(
        tmp_path,
        AGORA_ROUTER_RATE_LIMIT="2",
        AGORA_REDIS_PREFIX=f"{test_env.redis_prefix}client-ip-processes-{uuid.uuid4().hex[:8]}:",
    )
    try:
        yield running
    finally:
        running.stop()


async def test_agora_router_and_subgraph_ignore_forwarded_for(
    processes: Processes, accounts: Accounts
) -> None:
    users = processes.subgraph("users")
    router = processes.router({"users": users})
    account = await accounts.register()
    async with httpx.AsyncClient(timeout=30) as http:
        statuses = [
            (
                await http.post(f"{router}/graphql", json=TYPENAME, headers=forwarded(spoofed))
            ).status_code
            for spoofed in ("203.0.113.50", "203.0.113.51", "203.0.113.52")
        ]
        assert statuses == [200, 200, 429]

        async def login(spoofed: str, password: str) -> list[str]:
            body = {"query": LOGIN, "variables": {"email": account.email, "password": password}}
            response = await http.post(f"{users}/graphql", json=body, headers=forwarded(spoofed))
            return [e["code"] for e in response.json()["data"]["login"]["errors"]]

        for i in range(5):
            assert await login(f"203.0.113.6{i}", "wrong-password-1") == ["INVALID_CREDENTIALS"]
        assert await login("203.0.113.69", PASSWORD) == ["RATE_LIMITED"]
