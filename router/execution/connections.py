"""A lean HTTP/1.1 client for subgraph calls: asyncio protocols, httptools, keep-alive pools.

The router sends one kind of request (a JSON POST to a known URL) many thousand times a
second. General-purpose clients pay per request for what this path never uses: task-local
lookups, per-request timeout scopes, polling every idle connection for readability. Here a
connection is an `asyncio.Protocol`: the event loop tells it when the peer closes, so an idle
connection costs nothing, and a request is one `write` plus one future.
"""

from __future__ import annotations

import asyncio
import ssl
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple, cast
from urllib.parse import urlsplit

import httptools


class TransportError(Exception):
    """The subgraph could not be reached or its answer could not be read."""

    kind = "TransportError"

    def __str__(self) -> str:
        detail = super().__str__()
        return f"{self.kind}: {detail}" if detail else self.kind


class ConnectError(TransportError):
    kind = "ConnectError"


class ConnectTimeout(TransportError):
    kind = "ConnectTimeout"


class ReadTimeout(TransportError):
    kind = "ReadTimeout"


class RemoteProtocolError(TransportError):
    kind = "RemoteProtocolError"


class ResponseTooLarge(TransportError):
    kind = "ResponseTooLarge"


class InvalidHeader(TransportError):
    """A header to send holds a line break: refused before anything is sent."""

    kind = "InvalidHeader"


class Reply(NamedTuple):
    status: int
    body: bytes
    cache_control: bytes | None  # the answer's Cache-Control header, if any


@dataclass(frozen=True)
class Limits:
    max_connections: int = 100
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_response_bytes: int = 64 * 1024 * 1024


class _Connection(asyncio.Protocol):
    """One keep-alive connection; at most one request in flight."""

    def __init__(self, max_response_bytes: int) -> None:
        self.max_response_bytes = max_response_bytes
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.waiter: asyncio.Future[Reply] | None = None
        self.chunks: list[bytes] = []
        self.size = 0
        self.status = 0
        self.cache_control: bytes | None = None
        self.received = False  # any byte of the current response
        self.keep_alive = True
        self.closed = False

    # -- asyncio.Protocol -------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        self.received = True
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as error:
            self.fail(RemoteProtocolError(f"malformed response ({error})"))

    def eof_received(self) -> bool:
        return False  # close our side too

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.fail(RemoteProtocolError("server disconnected without sending a response"))

    # -- httptools callbacks ----------------------------------------------------------------
    def on_header(self, name: bytes, value: bytes) -> None:
        if len(name) == 13 and name.lower() == b"cache-control":  # what the router may reuse
            self.cache_control = value

    def on_headers_complete(self) -> None:
        self.status = self.parser.get_status_code()
        self.keep_alive = self.parser.should_keep_alive()

    def on_body(self, body: bytes) -> None:
        self.size += len(body)
        if self.size > self.max_response_bytes:
            self.fail(ResponseTooLarge(f"response over {self.max_response_bytes} bytes"))
        else:
            self.chunks.append(body)

    def on_message_complete(self) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            content = self.chunks[0] if len(self.chunks) == 1 else b"".join(self.chunks)
            waiter.set_result(Reply(self.status, content, self.cache_control))

    # -- requests ---------------------------------------------------------------------------
    def send(self, data: bytes) -> asyncio.Future[Reply]:
        assert self.transport is not None
        self.waiter = asyncio.get_running_loop().create_future()
        self.chunks = []
        self.size = 0
        self.cache_control = None
        self.received = False
        self.transport.write(data)
        return self.waiter

    def fail(self, error: TransportError) -> None:
        """End the request in flight with `error`; the connection is not reused."""
        self.keep_alive = False
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_exception(error)
        self.close()

    def close(self) -> None:
        self.closed = True
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()

    @property
    def reusable(self) -> bool:
        return self.keep_alive and not self.closed


class ConnectionPool:
    """Keep-alive connections to one origin, POSTing to one path."""

    def __init__(
        self, url: str, limits: Limits = Limits(), headers: Mapping[str, str] | None = None
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        self.url = url
        self.limits = limits
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.ssl = ssl.create_default_context() if parts.scheme == "https" else None
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        default_port = (parts.scheme == "https" and self.port == 443) or self.port == 80
        authority = parts.hostname if default_port else f"{parts.hostname}:{self.port}"
        if ":" in parts.hostname:  # IPv6 literal
            authority = f"[{parts.hostname}]" + ("" if default_port else f":{self.port}")
        fixed = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
        self.head = f"POST {target} HTTP/1.1\r\nhost: {authority}\r\n{fixed}".encode("latin-1")
        self.idle: list[_Connection] = []
        self.open = 0
        self.waiters: deque[asyncio.Future[None]] = deque()

    async def post(
        self, body: bytes, headers: Mapping[str, str], *, retry_stale: bool = True
    ) -> Reply:
        """POST `body`; returns the status code, the response body and its Cache-Control.

        A keep-alive connection the server closed just as it was reused fails before any
        byte comes back. With `retry_stale` (safe for queries, not mutations) such a request
        is sent again (each stale connection is dropped).
        """
        data = self._request_bytes(body, headers)
        while True:
            connection, reused = await self._acquire()
            try:
                return await self._exchange(connection, data)
            except RemoteProtocolError:
                if not (retry_stale and reused and not connection.received):
                    raise
            finally:
                self._release(connection)

    def _request_bytes(self, body: bytes, headers: Mapping[str, str]) -> bytes:
        lines = [self.head]
        for name, value in headers.items():
            if "\r" in value or "\n" in value or "\r" in name or "\n" in name:
                raise InvalidHeader(f"header {name!r} holds a line break")
            lines.append(f"{name}: {value}\r\n".encode("latin-1", "replace"))
        lines.append(b"content-length: %d\r\n\r\n" % len(body))
        lines.append(body)
        return b"".join(lines)

    async def _exchange(self, connection: _Connection, data: bytes) -> Reply:
        loop = asyncio.get_running_loop()
        waiter = connection.send(data)
        timer = loop.call_later(
            self.limits.read_timeout,
            connection.fail,
            ReadTimeout(f"no answer within {self.limits.read_timeout:g} s"),
        )
        try:
            return await waiter
        except BaseException:
            # failed or cancelled mid-exchange: the stream is out of step, never reuse it
            connection.fail(RemoteProtocolError("request did not complete"))
            raise
        finally:
            timer.cancel()

    # -- the pool ---------------------------------------------------------------------------
    async def _acquire(self) -> tuple[_Connection, bool]:
        """An idle connection (reused: True) or a new one, waiting while the pool is full."""
        while True:
            while self.idle:
                connection = self.idle.pop()  # the most recently used is the likeliest alive
                if connection.reusable:
                    return connection, True
                self.open -= 1
            if self.open < self.limits.max_connections:
                return await self._connect_slot(), False
            waiter = asyncio.get_running_loop().create_future()
            self.waiters.append(waiter)
            try:
                await waiter
            except BaseException:
                if waiter.done() and not waiter.cancelled():
                    self._wake_one()  # pass on a wake-up this task can no longer use
                raise

    async def _connect_slot(self) -> _Connection:
        self.open += 1
        try:
            return await self._connect()
        except BaseException:
            self.open -= 1
            self._wake_one()
            raise

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        max_bytes = self.limits.max_response_bytes
        try:
            _, protocol = await asyncio.wait_for(
                loop.create_connection(
                    lambda: _Connection(max_bytes),
                    self.host,
                    self.port,
                    ssl=self.ssl,
                    server_hostname=self.host if self.ssl else None,
                ),
                self.limits.connect_timeout,
            )
        except TimeoutError as error:
            seconds = self.limits.connect_timeout
            raise ConnectTimeout(f"no connection within {seconds:g} s") from error
        except OSError as error:
            raise ConnectError(error.strerror or str(error)) from error
        return protocol

    def _release(self, connection: _Connection) -> None:
        if connection.reusable:
            self.idle.append(connection)
        else:
            connection.close()
            self.open -= 1
        self._wake_one()

    def _wake_one(self) -> None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    def close(self) -> None:
        for connection in self.idle:
            connection.close()
        self.open -= len(self.idle)
        self.idle.clear()
