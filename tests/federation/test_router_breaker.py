"""Per-subgraph timeouts, the circuit breaker and SUBGRAPH_UNAVAILABLE, over loopback sockets.

The subgraphs are small raw HTTP/1.1 servers whose behaviour each test scripts (answer, hang,
hang up), so what reaches them (connections accepted, requests read) can be counted. The
breaker's clock is injected: no test sleeps to let a pause go by.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
import pytest

from router.app import create_app
from router.composition import SubgraphSDL, compose
from router.execution.breaker import (
    CLOSED,
    HALF_OPEN,
    OPEN,
    BreakerSettings,
    CircuitBreaker,
    CircuitOpen,
)
from router.execution.fetcher import (
    SubgraphError,
    SubgraphFetcher,
    SubgraphUnavailable,
    timeouts_from_env,
)
from router.gateway import Gateway
from tests.federation.test_router_connections import Server, ok, scripted_server
from tests.federation.test_router_http import bound_socket, serve, url_of

LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\n'
USERS_SDL = LINK + "type Query { me: User } type User { name: String }"
PRODUCTS_SDL = LINK + "type Query { product: Product } type Product { name: String }"
ME = orjson.dumps({"data": {"me": {"name": "Ada"}}})
PRODUCT = orjson.dumps({"data": {"product": {"name": "Chair"}}})
ADA = {"data": {"me": {"name": "Ada"}}}
QUERY = "{ me { name } product { name } }"
UNAVAILABLE = {
    "message": 'Subgraph "users" is unavailable.',
    "extensions": {"code": "SUBGRAPH_UNAVAILABLE", "service": "users"},
}
WAIT_SECONDS = 10.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# -- the breaker on its own ------------------------------------------------------------------
def test_consecutive_failures_open_the_circuit_and_a_success_resets_the_count() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(BreakerSettings(failures=3, pause=10), clock)
    for _ in range(2):
        assert breaker.before_call() is False
        assert breaker.failed(False) is False
    breaker.succeeded(False)  # not consecutive any more
    for _ in range(2):
        breaker.before_call()
        assert breaker.failed(False) is False
    assert breaker.state == CLOSED
    breaker.before_call()
    assert breaker.failed(False) is True
    assert breaker.state == OPEN
    with pytest.raises(CircuitOpen, match=r"next trial call in 10\.0 s") as refused:
        breaker.before_call()
    assert refused.value.retry_in == 10
    assert breaker.failed(False) is False  # a call sent before it opened: still open, as it was
    clock.now += 9.99
    with pytest.raises(CircuitOpen):
        breaker.before_call()


def test_after_the_pause_one_trial_call_closes_or_reopens_the_circuit() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(BreakerSettings(failures=1, pause=10), clock)
    breaker.before_call()
    breaker.failed(False)
    clock.now += 10
    assert breaker.state == HALF_OPEN
    assert breaker.before_call() is True  # the trial
    with pytest.raises(CircuitOpen, match="trial call is in flight"):
        breaker.before_call()  # only one trial at a time
    assert breaker.failed(True) is True  # reopened, for a whole new pause
    assert breaker.state == OPEN
    clock.now += 9
    with pytest.raises(CircuitOpen):
        breaker.before_call()
    clock.now += 1
    trial = breaker.before_call()
    breaker.abandoned(trial)  # cancelled: proves nothing, the next call is the trial
    assert breaker.state == HALF_OPEN
    trial = breaker.before_call()
    assert trial is True
    breaker.succeeded(trial)
    assert breaker.state == CLOSED
    assert breaker.before_call() is False


def test_zero_failures_turns_the_breaker_off() -> None:
    breaker = CircuitBreaker(BreakerSettings(failures=0), FakeClock())
    for _ in range(100):
        breaker.before_call()
        assert breaker.failed(False) is False
    assert breaker.state == CLOSED


def test_breaker_settings_from_the_environment() -> None:
    assert BreakerSettings.from_env({}) == BreakerSettings(failures=5, pause=10.0)
    environ = {"AGORA_ROUTER_BREAKER_FAILURES": "3", "AGORA_ROUTER_BREAKER_PAUSE_SECONDS": "2.5"}
    assert BreakerSettings.from_env(environ) == BreakerSettings(failures=3, pause=2.5)
    assert not BreakerSettings.from_env({"AGORA_ROUTER_BREAKER_FAILURES": "0"}).enabled
    with pytest.raises(ValueError, match="AGORA_ROUTER_BREAKER_FAILURES"):
        BreakerSettings.from_env({"AGORA_ROUTER_BREAKER_FAILURES": "many"})
    with pytest.raises(ValueError, match="pause"):
        BreakerSettings.from_env({"AGORA_ROUTER_BREAKER_PAUSE_SECONDS": "-1"})


# -- per-subgraph timeouts -------------------------------------------------------------------
def test_timeouts_from_the_environment_by_subgraph_name() -> None:
    environ = {
        "AGORA_USERS_TIMEOUT": "2",
        "AGORA_MY_SERVICE_TIMEOUT": "0.5",
        "AGORA_ROUTER_SUBGRAPH_TIMEOUT": "30",  # the global default: not a subgraph's
        "AGORA_USERS_ROUTING_URL": "http://users:8000/graphql",
        "AGORA_CONTENT_TIMEOUT": "",
    }
    assert timeouts_from_env(environ) == {"users": 2.0, "my_service": 0.5}
    for bad in ("0", "-1", "soon", "inf"):
        with pytest.raises(ValueError, match="AGORA_USERS_TIMEOUT"):
            timeouts_from_env({"AGORA_USERS_TIMEOUT": bad})


def test_a_timeout_applies_to_its_subgraph_by_name_or_graph_key() -> None:
    urls = {
        "USERS": "http://127.0.0.1:1/graphql",
        "MY_SERVICE": "http://127.0.0.1:2/graphql",
        "PRODUCTS": "http://127.0.0.1:3/graphql",
        "REVIEWS": "http://127.0.0.1:4/graphql",
    }
    fetcher = SubgraphFetcher(
        urls,
        timeout=30,
        subgraph_timeouts={"users": 2, "my_service": 0.5, "REVIEWS": 45, "celery_visibility": 1},
    )
    assert fetcher.timeouts == {"USERS": 2, "MY_SERVICE": 0.5, "PRODUCTS": 30, "REVIEWS": 45}
    users = fetcher.pools["USERS"].limits
    assert (users.read_timeout, users.connect_timeout) == (2, 2)
    reviews = fetcher.pools["REVIEWS"].limits
    assert (reviews.read_timeout, reviews.connect_timeout) == (45, 10)  # connect: at most 10
    with pytest.raises(ValueError, match="USERS"):
        SubgraphFetcher(urls, subgraph_timeouts={"users": 0})


# -- the breaker in the fetcher, on the wire -------------------------------------------------
@dataclass
class Behaviour:
    """What a scripted subgraph does with each request: answer, hang up or hold it."""

    mode: str = "ok"  # "ok" | "hang up" | "silent" | "hold" | "503" | "500 graphql"
    answer: bytes = ME
    release: asyncio.Event = field(default_factory=asyncio.Event)

    async def __call__(self, _: int, __: bytes) -> bytes | None:
        if self.mode == "hang up":
            return b""
        if self.mode == "silent":
            return None
        if self.mode == "503":
            return b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\n\r\ndown"
        if self.mode == "500 graphql":
            body = orjson.dumps({"data": None, "errors": [{"message": "boom"}]})
            head = b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\n"
            return head + b"content-length: %d\r\n\r\n" % len(body) + body
        if self.mode == "hold":
            await self.release.wait()
        return ok(self.answer)


async def ask(fetcher: SubgraphFetcher) -> dict[str, Any]:
    return await fetcher.fetch("a", "{ me { name } }", None)


def breaking_fetcher(
    server: Server, clock: FakeClock, failures: int = 3, timeout: float = 10.0
) -> SubgraphFetcher:
    return SubgraphFetcher(
        {"a": server.url},
        timeout=timeout,
        breaker=BreakerSettings(failures=failures, pause=10),
        clock=clock,
    )


async def test_the_circuit_opens_fails_fast_and_a_trial_closes_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    behaviour = Behaviour("hang up")
    clock = FakeClock()
    async with scripted_server(behaviour) as server:
        fetcher = breaking_fetcher(server, clock)
        for _ in range(3):
            with pytest.raises(SubgraphUnavailable, match="disconnected") as failure:
                await ask(fetcher)
            assert not failure.value.circuit_open
        assert server.connections == 3
        assert any("circuit of subgraph a opened" in r.getMessage() for r in caplog.records)

        clock.now += 9.9
        behaviour.mode = "ok"  # it is back, but the circuit does not know yet
        for _ in range(5):
            with pytest.raises(SubgraphUnavailable, match="circuit open") as refused:
                await ask(fetcher)
            assert refused.value.circuit_open

        clock.now += 0.1  # the pause is over: one trial call goes out, and succeeds
        assert await ask(fetcher) == ADA
        assert fetcher.breakers["a"].state == CLOSED
        assert await ask(fetcher) == ADA
        await fetcher.aclose()
    # Refused calls never reached the server: 3 failures, then the trial's connection reused.
    assert server.connections == 4
    assert len(server.requests) == 5
    assert fetcher.requests_sent == 5


async def test_a_failed_trial_reopens_the_circuit_for_another_pause() -> None:
    clock = FakeClock()
    async with scripted_server(Behaviour("hang up")) as server:
        fetcher = breaking_fetcher(server, clock, failures=2)
        for _ in range(2):
            with pytest.raises(SubgraphUnavailable):
                await ask(fetcher)
        clock.now += 10
        with pytest.raises(SubgraphUnavailable, match="disconnected"):  # the trial, failing
            await ask(fetcher)
        assert fetcher.breakers["a"].state == OPEN
        clock.now += 9.9
        with pytest.raises(SubgraphUnavailable, match="circuit open"):
            await ask(fetcher)
        await fetcher.aclose()
    assert server.connections == 3


@dataclass
class TrialOut:
    """An open circuit whose one trial call has reached the subgraph and waits there."""

    server: Server
    behaviour: Behaviour
    fetcher: SubgraphFetcher
    trial: asyncio.Future[Any]


@asynccontextmanager
async def trial_out() -> AsyncIterator[TrialOut]:
    behaviour = Behaviour("hang up")
    clock = FakeClock()
    async with scripted_server(behaviour) as server:
        fetcher = breaking_fetcher(server, clock, failures=1)
        with pytest.raises(SubgraphUnavailable):
            await ask(fetcher)
        clock.now += 10
        behaviour.mode = "hold"
        server.request_seen.clear()
        trial = asyncio.ensure_future(ask(fetcher))
        try:
            await asyncio.wait_for(server.request_seen.wait(), WAIT_SECONDS)
            yield TrialOut(server, behaviour, fetcher, trial)
        finally:
            behaviour.release.set()
            trial.cancel()
            await fetcher.aclose()


async def test_while_the_trial_is_out_other_calls_still_fail_fast() -> None:
    async with trial_out() as out:
        with pytest.raises(SubgraphUnavailable, match="circuit open"):
            await ask(out.fetcher)
        out.behaviour.release.set()
        assert await asyncio.wait_for(out.trial, WAIT_SECONDS) == ADA
        assert out.fetcher.breakers["a"].state == CLOSED
    assert len(out.server.requests) == 2


async def test_a_cancelled_trial_lets_the_next_call_try() -> None:
    async with trial_out() as out:
        out.trial.cancel()
        with pytest.raises(asyncio.CancelledError):
            await out.trial
        out.behaviour.mode = "ok"
        assert await ask(out.fetcher) == ADA
        assert out.fetcher.breakers["a"].state == CLOSED


async def test_a_5xx_without_graphql_counts_as_a_failure_but_keeps_its_own_error() -> None:
    clock = FakeClock()
    async with scripted_server(Behaviour("503")) as server:
        fetcher = breaking_fetcher(server, clock, failures=3)
        for _ in range(3):
            with pytest.raises(SubgraphError, match="HTTP 503: invalid JSON") as failure:
                await ask(fetcher)
            assert not isinstance(failure.value, SubgraphUnavailable)
        with pytest.raises(SubgraphUnavailable, match="circuit open"):
            await ask(fetcher)
        await fetcher.aclose()
    assert len(server.requests) == 3


async def test_graphql_errors_even_with_a_5xx_status_never_open_the_circuit() -> None:
    async with scripted_server(Behaviour("500 graphql")) as server:
        fetcher = breaking_fetcher(server, FakeClock(), failures=2)
        for _ in range(5):
            body = await ask(fetcher)
            assert body["errors"] == [{"message": "boom"}]
        assert fetcher.breakers["a"].state == CLOSED
        await fetcher.aclose()
    assert len(server.requests) == 5


# -- through the router ----------------------------------------------------------------------
@dataclass
class Subgraphs:
    users: Server
    products: Server
    users_behaviour: Behaviour
    supergraph: str


@asynccontextmanager
async def users_and_products() -> AsyncIterator[Subgraphs]:
    behaviour = Behaviour()

    async def product(_: int, __: bytes) -> bytes:
        return ok(PRODUCT)

    async with scripted_server(behaviour) as users, scripted_server(product) as products:
        supergraph = compose(
            [
                SubgraphSDL("users", users.url, USERS_SDL),
                SubgraphSDL("products", products.url, PRODUCTS_SDL),
            ]
        )
        yield Subgraphs(users, products, behaviour, supergraph)


@asynccontextmanager
async def gateway_with(supergraph: str, **fetcher_options: Any) -> AsyncIterator[Gateway]:
    """The router's gateway, its subgraph client built with the options under test."""
    gateway = Gateway(supergraph)
    await gateway.fetcher.aclose()  # never used: it has no connection yet
    gateway.fetcher = SubgraphFetcher(gateway.urls, **fetcher_options)
    try:
        yield gateway
    finally:
        await gateway.aclose()


@asynccontextmanager
async def router_client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The router app served over loopback HTTP, and a client for it."""
    sock = bound_socket()
    server, task = serve(app, sock)
    try:
        async with httpx.AsyncClient(base_url=url_of(sock), timeout=WAIT_SECONDS) as client:
            yield client
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, WAIT_SECONDS)


async def test_a_hung_subgraph_times_out_on_its_own_timeout_and_others_still_answer(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with users_and_products() as subgraphs:
        subgraphs.users_behaviour.mode = "silent"  # accepts, reads, never answers
        app = create_app(
            subgraphs.supergraph,
            subgraph_timeout=WAIT_SECONDS,  # the default, for products
            subgraph_timeouts=timeouts_from_env({"AGORA_USERS_TIMEOUT": "0.3"}),
        )
        async with router_client(app) as client:
            started = time.monotonic()
            response = await client.post(
                "/graphql", json={"query": QUERY}, headers={"x-request-id": "req-hung"}
            )
            elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 3.0  # its own 0.3 s, far from the default 10 s
    assert response.status_code == 200
    body = response.json()
    assert body == {"data": {"me": None, "product": {"name": "Chair"}}, "errors": [UNAVAILABLE]}
    assert "ReadTimeout" not in response.text
    (record,) = [
        r for r in caplog.records if r.name == "agora.router" and "req-hung" in r.getMessage()
    ]
    assert record.levelno == logging.WARNING
    assert "ReadTimeout: no answer within 0.3 s" in record.getMessage()


async def test_an_open_circuit_answers_at_once_without_reaching_the_subgraph() -> None:
    clock = FakeClock()
    async with users_and_products() as subgraphs:
        users, behaviour = subgraphs.users, subgraphs.users_behaviour
        behaviour.mode = "silent"
        options = {
            "timeout": WAIT_SECONDS,
            "subgraph_timeouts": {"users": 0.4},
            "breaker": BreakerSettings(failures=3, pause=10),
            "clock": clock,
        }
        async with gateway_with(subgraphs.supergraph, **options) as gateway:
            for _ in range(3):
                started = time.monotonic()
                body = await gateway.execute(QUERY)
                assert time.monotonic() - started >= 0.4
                assert body["errors"] == [UNAVAILABLE]
            assert users.connections == 3

            for _ in range(3):  # the open breaker answers: no call leaves (counted below)
                body = await gateway.execute(QUERY)
                assert body == {
                    "data": {"me": None, "product": {"name": "Chair"}},
                    "errors": [UNAVAILABLE],
                }

            behaviour.mode = "ok"  # recovered; after the pause the trial call finds it
            clock.now += 10
            body = await gateway.execute(QUERY)
            assert body == {"data": {"me": {"name": "Ada"}, "product": {"name": "Chair"}}}
            body = await gateway.execute(QUERY)
            assert "errors" not in body
    # nothing reached the users subgraph while the circuit was open; the trial's keep-alive
    # connection served the call after it
    assert users.connections == 4
    assert len(users.requests) == 5
    assert len(subgraphs.products.requests) == 8


async def test_a_refused_connection_is_subgraph_unavailable_without_transport_details(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Bound but never listening: connections to it are refused.
    closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    closed.bind(("127.0.0.1", 0))
    async with users_and_products() as subgraphs:
        supergraph = compose(
            [
                SubgraphSDL("users", url_of(closed, "/graphql"), USERS_SDL),
                SubgraphSDL("products", subgraphs.products.url, PRODUCTS_SDL),
            ]
        )
        try:
            async with router_client(create_app(supergraph)) as client:
                response = await client.post(
                    "/graphql", json={"query": QUERY}, headers={"x-request-id": "req-refused"}
                )
        finally:
            closed.close()
    assert response.status_code == 200
    body = response.json()
    assert body == {"data": {"me": None, "product": {"name": "Chair"}}, "errors": [UNAVAILABLE]}
    for detail in ("ConnectError", "Errno", "refused", "127.0.0.1"):
        assert detail not in response.text
    (record,) = [r for r in caplog.records if "req-refused" in r.getMessage()]
    assert record.name == "agora.router" and record.levelno == logging.WARNING
    assert "ConnectError" in record.getMessage()
    assert getattr(record, "cause", None) == "ConnectError"


async def test_the_router_app_takes_its_breaker_settings() -> None:
    async with users_and_products() as subgraphs:
        subgraphs.users_behaviour.mode = "silent"
        app = create_app(
            subgraphs.supergraph,
            subgraph_timeouts={"users": 0.5},
            breaker=BreakerSettings(failures=1, pause=3600),
        )
        async with router_client(app) as client:
            first = await client.post("/graphql", json={"query": QUERY})
            second = await client.post("/graphql", json={"query": QUERY})
        # The second call never left the router: the open breaker answered, not the timeout.
        assert subgraphs.users.connections == 1
    for response in (first, second):
        assert response.json()["errors"] == [UNAVAILABLE]
