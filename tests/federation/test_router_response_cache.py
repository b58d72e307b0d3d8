"""The router's cache of subgraph answers marked `Cache-Control: public`, over real sockets:
what it keeps and for how long, whoever asks; what it never keeps; and identical requests in
flight collapsing onto the first when (and only when) its answer is shared."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import orjson
import pytest

from router.cli import subgraph_cache_bytes_from_env
from router.execution.fetcher import SubgraphFetcher
from router.execution.response_cache import ResponseCache, shared_max_age
from tests.federation.test_router_connections import ok, scripted_server

WAIT_SECONDS = 5.0
PUBLIC = b"cache-control: public, max-age=10\r\n"
ANSWER = orjson.dumps({"data": {"_entities": [{"displayName": "Ann"}]}})


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (b"public, max-age=10", 10),
        (b"Public, Max-Age=10", 10),
        (b"public, max-age=10, s-maxage=3", 3),
        (b'public, max-age="7"', 7),
        (b"max-age=10", 0),  # not said to be public: may depend on the caller
        (b"public", 0),  # no age
        (b"public, max-age=10, private", 0),
        (b"public, max-age=10, no-store", 0),
        (b"public, no-cache, max-age=10", 0),
        (b"public, max-age=ten", 0),
        (b"public, max-age=-5", 0),
        (b"", 0),
        (None, 0),
    ],
)
def test_only_public_answers_with_an_age_may_be_shared(header: bytes | None, seconds: int) -> None:
    assert shared_max_age(header) == seconds


def _fetcher(url: str, clock: FakeClock, max_bytes: int = 1 << 20) -> SubgraphFetcher:
    return SubgraphFetcher({"a": url}, cache=ResponseCache(max_bytes, clock=clock))


def _as(user: str) -> dict[str, str]:
    return {"authorization": f"Bearer {user}"}


async def test_a_public_answer_serves_every_caller_until_it_is_stale() -> None:
    clock = FakeClock()

    async def public(_: int, __: bytes) -> bytes:
        return ok(ANSWER, PUBLIC)

    async with scripted_server(public) as server:
        fetcher = _fetcher(server.url, clock)
        first = await fetcher.fetch("a", "{ a }", {"r": 1}, _as("ann"))
        second = await fetcher.fetch("a", "{ a }", {"r": 1}, _as("bob"))
        assert first == second == orjson.loads(ANSWER)
        assert first is not second  # each caller merges into its own copy
        assert len(server.requests) == 1
        await fetcher.fetch("a", "{ a }", {"r": 2}, _as("bob"))  # other variables: other entry
        assert len(server.requests) == 2
        clock.now += 10.0
        await fetcher.fetch("a", "{ a }", {"r": 1}, _as("bob"))
        assert len(server.requests) == 3
        await fetcher.aclose()


@pytest.mark.parametrize(
    "answer",
    [
        ok(ANSWER),  # no Cache-Control
        ok(ANSWER, b"cache-control: private, max-age=10\r\n"),
        ok(orjson.dumps({"data": None, "errors": [{"message": "no"}]}), PUBLIC),
        ok(ANSWER, PUBLIC).replace(b"200 OK", b"500 Internal Server Error"),
    ],
    ids=["no-header", "private", "errors", "not-200"],
)
async def test_answers_not_shared_are_never_reused(answer: bytes) -> None:
    async def scripted(_: int, __: bytes) -> bytes:
        return answer

    async with scripted_server(scripted) as server:
        fetcher = _fetcher(server.url, FakeClock())
        for user in ("ann", "bob", "ann"):
            await fetcher.fetch("a", "{ a }", None, _as(user))
        assert len(server.requests) == 3
        await fetcher.aclose()


async def test_mutations_never_use_the_cache() -> None:
    async def public(_: int, __: bytes) -> bytes:
        return ok(ANSWER, PUBLIC)

    async with scripted_server(public) as server:
        fetcher = _fetcher(server.url, FakeClock())
        await fetcher.fetch("a", "mutation { a }", None, mutation=True)
        await fetcher.fetch("a", "mutation { a }", None, mutation=True)
        assert len(server.requests) == 2
        await fetcher.aclose()


async def test_the_cache_stays_within_its_bytes_least_recently_used_out_first() -> None:
    async def public(_: int, __: bytes) -> bytes:
        return ok(ANSWER, PUBLIC)

    entry = len(orjson.dumps({"query": "{ a }", "variables": {"r": 0}})) + len(ANSWER)
    async with scripted_server(public) as server:
        fetcher = _fetcher(server.url, FakeClock(), max_bytes=entry * 4)
        cache = fetcher.cache
        assert cache is not None
        for r in range(6):
            await fetcher.fetch("a", "{ a }", {"r": r})
        assert cache.size <= cache.max_bytes
        assert len(cache.entries) == 4
        before = len(server.requests)
        await fetcher.fetch("a", "{ a }", {"r": 5})  # still there
        await fetcher.fetch("a", "{ a }", {"r": 0})  # dropped first
        assert len(server.requests) == before + 1
        await fetcher.aclose()


class HeldAnswers:
    """A subgraph that holds every answer until released, counting requests as they arrive."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.released = asyncio.Event()
        self.arrived = 0
        self.arrival = asyncio.Condition()

    async def script(self, _: int, __: bytes) -> bytes:
        async with self.arrival:
            self.arrived += 1
            self.arrival.notify_all()
        await self.released.wait()
        return self.answer

    async def until(self, condition: Callable[[], bool]) -> None:
        async with self.arrival:
            await asyncio.wait_for(self.arrival.wait_for(condition), WAIT_SECONDS)


async def test_identical_requests_in_flight_wait_for_a_shared_answer() -> None:
    held = HeldAnswers(ok(ANSWER, PUBLIC))
    async with scripted_server(held.script) as server:
        fetcher = _fetcher(server.url, FakeClock())
        calls = [
            asyncio.ensure_future(fetcher.fetch("a", "{ a }", None, _as(f"user-{n}")))
            for n in range(20)
        ]
        await held.until(lambda: held.arrived >= 1)
        held.released.set()
        answers = await asyncio.wait_for(asyncio.gather(*calls), WAIT_SECONDS)
        assert all(answer == orjson.loads(ANSWER) for answer in answers)
        assert len(server.requests) == 1
        await fetcher.aclose()


async def test_when_the_first_answer_is_not_shared_each_caller_asks_for_itself() -> None:
    held = HeldAnswers(ok(ANSWER, b"cache-control: private, max-age=10\r\n"))
    async with scripted_server(held.script) as server:
        fetcher = _fetcher(server.url, FakeClock())

        def burst() -> list[asyncio.Future[dict[str, object]]]:
            return [
                asyncio.ensure_future(fetcher.fetch("a", "{ a }", None, _as(f"user-{n}")))
                for n in range(10)
            ]

        first = burst()
        await held.until(lambda: held.arrived >= 1)
        held.released.set()
        await asyncio.wait_for(asyncio.gather(*first), WAIT_SECONDS)
        assert len(server.requests) == 10  # the one, then the nine that waited for it

        # Now known not to be shared: the next burst goes out at once, nobody waits.
        held.released.clear()
        second = burst()
        await held.until(lambda: held.arrived >= 20)
        held.released.set()
        await asyncio.wait_for(asyncio.gather(*second), WAIT_SECONDS)
        await fetcher.aclose()


def test_the_cache_size_from_the_environment() -> None:
    name = "AGORA_ROUTER_SUBGRAPH_CACHE_MB"
    assert subgraph_cache_bytes_from_env({}) == 16 << 20  # on by default
    assert subgraph_cache_bytes_from_env({name: "0"}) == 0
    assert subgraph_cache_bytes_from_env({name: "0.5"}) == 1 << 19
    for bad in ("-1", "lots", "nan", "inf"):
        with pytest.raises(ValueError, match=name):
            subgraph_cache_bytes_from_env({name: bad})
