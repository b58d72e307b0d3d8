"""Sharing one run of an identical operation among the callers that ask for it meanwhile.

Used for de-duplicating identical subgraph requests and identical client queries in flight.
The first caller starts the work; later callers with the same key await the same result. A
caller that goes away does not cancel the work the others wait for.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Generic, TypeVar

from common.client_ip import CLIENT_IP_HEADER, SIGNATURE_HEADER

T = TypeVar("T")

# Headers that differ between requests without changing a query's answer: not part of a key.
# (The client's IP matters only to mutations, such as sign-in throttling; they never share.)
UNSHARED_HEADERS = frozenset({"x-request-id", CLIENT_IP_HEADER, SIGNATURE_HEADER})


def headers_key(headers: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in headers.items() if k not in UNSHARED_HEADERS))


class InFlight(Generic[T]):
    def __init__(self) -> None:
        self.running: dict[Hashable, asyncio.Future[T]] = {}

    async def share(self, key: Hashable, start: Callable[[], Awaitable[T]]) -> T:
        running = self.running.get(key)
        if running is not None:
            return await asyncio.shield(running)
        run = asyncio.ensure_future(start())
        self.running[key] = run
        run.add_done_callback(lambda done: self._forget(key, done))
        return await asyncio.shield(run)

    def _forget(self, key: Hashable, run: asyncio.Future[T]) -> None:
        self.running.pop(key, None)
        if not run.cancelled():
            run.exception()  # retrieved: every caller may have gone away
