"""All four scenario subgraphs in one small HTTP/1.1 keep-alive server (asyncio, httptools).

    python -m benchmarks.gateways.subgraphs --port 4601

`POST /<subgraph>` executes GraphQL, `GET /health` answers ok, `GET /stats` returns the
requests served per subgraph so far (the bench reads it before and after a window). The data is
immutable, so each response is cached by exact request body: after the first of a kind a request
costs a dict lookup, and the subgraphs stay far from being the bottleneck. Results are
serialized with orjson in execution order, so identical requests get identical bytes.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from typing import cast

import httptools
import orjson
from graphql import graphql_sync

from benchmarks.gateways.schemas import Subgraph, all_subgraphs

# Enough for every distinct subgraph request of a few gateways; a runaway gateway sending
# unique bodies would only lose the cache, not grow memory without end.
CACHE_LIMIT = 4096


def _response(status: bytes, body: bytes) -> bytes:
    head = (
        b"HTTP/1.1 " + status + b"\r\ncontent-type: application/json\r\n"
        b"content-length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    return head + body


NOT_FOUND = _response(b"404 Not Found", b'{"error":"not found"}')
BAD_REQUEST = _response(b"400 Bad Request", b'{"error":"bad request"}')


class Subgraphs:
    """Routes, executes, caches and counts; independent of the transport."""

    def __init__(self, subgraphs: tuple[Subgraph, ...]):
        self.by_path = {f"/{s.name}".encode(): s for s in subgraphs}
        self.counts = dict.fromkeys((s.name for s in subgraphs), 0)
        self.cache: dict[tuple[bytes, bytes], bytes] = {}

    def respond(self, method: bytes, url: bytes, body: bytes) -> bytes:
        path = url.split(b"?", 1)[0]
        if method == b"POST" and path in self.by_path:
            subgraph = self.by_path[path]
            self.counts[subgraph.name] += 1
            key = (path, body)
            cached = self.cache.get(key)
            if cached is None:
                cached = self._execute(subgraph, body)
                if len(self.cache) < CACHE_LIMIT:
                    self.cache[key] = cached
            return cached
        if method == b"GET" and path == b"/health":
            return _response(b"200 OK", b'{"status":"ok"}')
        if method == b"GET" and path == b"/stats":
            return _response(b"200 OK", orjson.dumps(self.counts))
        return NOT_FOUND

    @staticmethod
    def _execute(subgraph: Subgraph, body: bytes) -> bytes:
        try:
            request = orjson.loads(body)
        except orjson.JSONDecodeError:
            return BAD_REQUEST
        if not isinstance(request, dict) or not isinstance(request.get("query"), str):
            return BAD_REQUEST
        result = graphql_sync(
            subgraph.schema,
            request["query"],
            variable_values=request.get("variables"),
            operation_name=request.get("operationName"),
        )
        payload: dict[str, object] = {"data": result.data}
        if result.errors:
            payload["errors"] = [error.formatted for error in result.errors]
        return _response(b"200 OK", orjson.dumps(payload))


class _Connection(asyncio.Protocol):
    """One keep-alive connection; requests are answered in order as they complete."""

    def __init__(self, subgraphs: Subgraphs):
        self.subgraphs = subgraphs
        self.parser = httptools.HttpRequestParser(self)
        self.transport: asyncio.Transport | None = None
        self.url = b""
        self.body: list[bytes] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            self.transport.write(BAD_REQUEST)
            self.transport.close()

    # httptools parser callbacks
    def on_message_begin(self) -> None:
        self.url = b""
        self.body = []

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        assert self.transport is not None
        response = self.subgraphs.respond(self.parser.get_method(), self.url, b"".join(self.body))
        self.transport.write(response)
        if not self.parser.should_keep_alive():
            self.transport.close()


async def serve(host: str, port: int) -> None:
    subgraphs = Subgraphs(all_subgraphs())
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Connection(subgraphs), host, port, backlog=1024)
    async with server:
        await server.serve_forever()


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    try:
        import uvloop
    except ImportError:  # uvicorn[standard] brings it on Linux; plain asyncio works too
        return None
    return uvloop.new_event_loop


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gateways.subgraphs")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    with asyncio.Runner(loop_factory=_loop_factory()) as runner:
        runner.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
