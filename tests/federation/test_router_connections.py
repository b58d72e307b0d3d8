"""The router's subgraph client over real loopback sockets: keep-alive, pool limits, timeouts,
size limits, stale connections, cancellation and de-duplication of identical requests.

Each test runs a small raw HTTP/1.1 server on asyncio whose behaviour it scripts, so what the
client does on the wire (connections opened, requests seen) can be counted.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import orjson
import pytest

from router.execution.connections import (
    ConnectError,
    ConnectionPool,
    InvalidHeader,
    Limits,
    ReadTimeout,
    RemoteProtocolError,
    ResponseTooLarge,
)
from router.execution.fetcher import SubgraphError, SubgraphFetcher, SubgraphUnavailable

ANSWER = orjson.dumps({"data": {"hello": "world"}})
WAIT_SECONDS = 5.0

# (request number on this connection, request head and body) -> bytes to send back, or None
# to answer nothing and keep the connection open, or b"" to close it without answering
Script = Callable[[int, bytes], Awaitable[bytes | None]]


def ok(body: bytes = ANSWER, extra: bytes = b"") -> bytes:
    head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n" + extra
    return head + b"content-length: %d\r\n\r\n" % len(body) + body


async def always_ok(_: int, __: bytes) -> bytes:
    return ok()


@dataclass
class Server:
    url: str
    connections: int = 0
    open_now: int = 0
    most_open: int = 0
    requests: list[bytes] = field(default_factory=list)
    request_seen: asyncio.Event = field(default_factory=asyncio.Event)


async def _read_request(reader: asyncio.StreamReader) -> bytes | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return head + await reader.readexactly(length)


@asynccontextmanager
async def scripted_server(script: Script = always_ok) -> AsyncIterator[Server]:
    server_state = Server(url="")

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        server_state.connections += 1
        server_state.open_now += 1
        server_state.most_open = max(server_state.most_open, server_state.open_now)
        try:
            number = 0
            while (request := await _read_request(reader)) is not None:
                server_state.requests.append(request)
                server_state.request_seen.set()
                answer = await script(number, request)
                number += 1
                if answer == b"":
                    return
                if answer is not None:
                    writer.write(answer)
                    await writer.drain()
        finally:
            server_state.open_now -= 1
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server_state.url = f"http://127.0.0.1:{port}/graphql"
    async with server:
        yield server_state


async def test_sequential_requests_share_one_keep_alive_connection() -> None:
    async with scripted_server() as server:
        pool = ConnectionPool(server.url)
        for _ in range(20):
            status, body, _ = await pool.post(b"{}", {})
            assert (status, body) == (200, ANSWER)
        pool.close()
    assert server.connections == 1
    assert len(server.requests) == 20


async def test_requests_carry_the_pool_headers_the_request_headers_and_the_body() -> None:
    async with scripted_server() as server:
        pool = ConnectionPool(server.url, headers={"content-type": "application/json"})
        await pool.post(b'{"query":"{a}"}', {"authorization": "Bearer t"})
        pool.close()
    (request,) = server.requests
    head, body = request.split(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0] == b"POST /graphql HTTP/1.1"
    assert b"content-type: application/json" in lines
    assert b"authorization: Bearer t" in lines
    assert b"content-length: 15" in lines
    assert body == b'{"query":"{a}"}'


async def test_concurrent_requests_never_open_more_than_the_limit() -> None:
    async def slow_ok(_: int, __: bytes) -> bytes:
        await asyncio.sleep(0.01)  # the server holds each request a moment: callers pile up
        return ok()

    async with scripted_server(slow_ok) as server:
        pool = ConnectionPool(server.url, Limits(max_connections=3))
        answers = await asyncio.gather(*(pool.post(b"{}", {}) for _ in range(30)))
        pool.close()
    assert all(answer[:2] == (200, ANSWER) for answer in answers)
    assert server.most_open <= 3
    assert server.connections == 3


async def test_a_subgraph_that_does_not_answer_times_out_and_the_pool_recovers() -> None:
    seen = 0

    async def silent_first(_: int, __: bytes) -> bytes | None:
        nonlocal seen
        seen += 1
        return None if seen == 1 else ok()

    async with scripted_server(silent_first) as server:
        pool = ConnectionPool(server.url, Limits(read_timeout=0.2))
        with pytest.raises(ReadTimeout, match=r"no answer within 0\.2 s"):
            await pool.post(b"{}", {})
        assert pool.open == 0  # the connection that timed out is dropped, not reused
        assert (await pool.post(b"{}", {}))[:2] == (200, ANSWER)
        pool.close()
    assert server.connections == 2


async def test_a_closed_port_is_a_connect_error() -> None:
    async with scripted_server() as server:
        url = server.url
    pool = ConnectionPool(url)  # the server is gone: nothing listens on its port
    with pytest.raises(ConnectError):
        await pool.post(b"{}", {})
    assert pool.open == 0


async def test_a_response_over_the_size_limit_is_refused() -> None:
    async def big(_: int, __: bytes) -> bytes:
        return ok(b"x" * 10_000)

    async with scripted_server(big) as server:
        pool = ConnectionPool(server.url, Limits(max_response_bytes=1000))
        with pytest.raises(ResponseTooLarge, match="over 1000 bytes"):
            await pool.post(b"{}", {})
        assert pool.open == 0
        pool.close()


async def test_chunked_responses_are_read_whole() -> None:
    async def chunked(_: int, __: bytes) -> bytes:
        head = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
        first, second = b'{"dat', b'a":{"hello":1}}'
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (first, second))
        return head + chunks + b"0\r\n\r\n"

    async with scripted_server(chunked) as server:
        pool = ConnectionPool(server.url)
        assert (await pool.post(b"{}", {}))[:2] == (200, b'{"data":{"hello":1}}')
        pool.close()


async def test_connection_close_from_the_server_is_honoured() -> None:
    async def closing(_: int, __: bytes) -> bytes:
        return ok(extra=b"connection: close\r\n")

    async with scripted_server(closing) as server:
        pool = ConnectionPool(server.url)
        for _ in range(3):
            assert (await pool.post(b"{}", {}))[:2] == (200, ANSWER)
        pool.close()
    assert server.connections == 3


async def test_a_stale_keep_alive_connection_is_retried_for_queries_only() -> None:
    async def drop_second(number: int, _: bytes) -> bytes:
        return ok() if number == 0 else b""  # reads the next request, then hangs up

    async with scripted_server(drop_second) as server:
        pool = ConnectionPool(server.url)
        await pool.post(b"{}", {})
        assert (await pool.post(b"{}", {}))[:2] == (200, ANSWER)  # retried on a new connection
        assert server.connections == 2
        with pytest.raises(RemoteProtocolError, match="disconnected"):
            await pool.post(b"{}", {}, retry_stale=False)  # a mutation is never re-sent
        pool.close()
    assert len(server.requests) == 4


async def test_a_cancelled_request_drops_its_connection() -> None:
    release = asyncio.Event()
    seen = 0

    async def held(_: int, __: bytes) -> bytes | None:
        nonlocal seen
        seen += 1
        if seen == 1:
            await release.wait()
            return None
        return ok()

    async with scripted_server(held) as server:
        pool = ConnectionPool(server.url)
        call = asyncio.ensure_future(pool.post(b"{}", {}))
        await asyncio.wait_for(server.request_seen.wait(), WAIT_SECONDS)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert pool.open == 0
        release.set()
        assert (await pool.post(b"{}", {}))[:2] == (200, ANSWER)
        pool.close()
    assert server.connections == 2


async def test_header_values_with_line_breaks_are_refused() -> None:
    async with scripted_server() as server:
        pool = ConnectionPool(server.url)
        with pytest.raises(InvalidHeader, match="line break"):
            await pool.post(b"{}", {"x-request-id": "a\r\nx-evil: 1"})
        pool.close()
    assert server.requests == []


# -- the GraphQL layer --------------------------------------------------------------------
async def test_non_graphql_answers_are_subgraph_errors() -> None:
    answers = iter([b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 4\r\n\r\noops", ok(b"[1]")])

    async def scripted(_: int, __: bytes) -> bytes:
        return next(answers)

    async with scripted_server(scripted) as server:
        fetcher = SubgraphFetcher({"a": server.url})
        with pytest.raises(SubgraphError, match="HTTP 502: invalid JSON"):
            await fetcher.fetch("a", "{ a }", None)
        with pytest.raises(SubgraphError, match="HTTP 200: not a GraphQL response"):
            await fetcher.fetch("a", "{ a }", None)
        await fetcher.aclose()


async def test_transport_failures_are_subgraph_unavailable_naming_the_failure() -> None:
    async with scripted_server() as server:
        url = server.url
    fetcher = SubgraphFetcher({"a": url})
    with pytest.raises(SubgraphUnavailable, match=r"^ConnectError"):  # the detail, for the log
        await fetcher.fetch("a", "{ a }", None)


async def _slow_answers(_: int, __: bytes) -> bytes:
    await asyncio.sleep(0.05)  # long enough for every identical request to be in flight
    return ok()


@pytest.mark.parametrize(("deduplicate", "expected_calls"), [(True, 1), (False, 10)])
async def test_identical_requests_in_flight_share_one_call_when_enabled(
    deduplicate: bool, expected_calls: int
) -> None:
    async with scripted_server(_slow_answers) as server:
        fetcher = SubgraphFetcher({"a": server.url}, deduplicate=deduplicate)
        headers = {"authorization": "Bearer t"}
        bodies = await asyncio.gather(
            *(fetcher.fetch("a", "{ hello }", {"x": 1}, headers) for _ in range(10))
        )
        await fetcher.aclose()
    assert all(body == {"data": {"hello": "world"}} for body in bodies)
    assert len({id(body) for body in bodies}) == 10  # each caller merges into its own copy
    assert len(server.requests) == expected_calls


async def test_deduplication_keeps_apart_other_headers_variables_and_mutations() -> None:
    async with scripted_server(_slow_answers) as server:
        fetcher = SubgraphFetcher({"a": server.url}, deduplicate=True)
        await asyncio.gather(
            fetcher.fetch("a", "{ hello }", None, {"authorization": "Bearer 1"}),
            fetcher.fetch("a", "{ hello }", None, {"authorization": "Bearer 2"}),
            fetcher.fetch("a", "{ hello }", {"x": 1}, {"authorization": "Bearer 1"}),
            fetcher.fetch("a", "mutation { m }", None, mutation=True),
            fetcher.fetch("a", "mutation { m }", None, mutation=True),
        )
        await fetcher.aclose()
    assert len(server.requests) == 5
