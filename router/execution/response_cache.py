"""A shared cache of subgraph answers that their subgraph marked `public` (RFC 9111).

A subgraph that answers a query with `Cache-Control: public, max-age=N` says the answer is the
same for every caller, whatever its `Authorization`, for N seconds. The router then reuses it
for the same subgraph and the same request body (query and variables) until it is N seconds
old. This is what makes one event fanned out to many subscribers cheap: each subscriber's
`actor { displayName }` is the same `_entities` request, and the users subgraph marks it
public, so one call answers them all.

Only answers with HTTP 200 and no `errors` are kept; `private`, `no-store` and `no-cache` are
never kept; `s-maxage` wins over `max-age` (this is a shared cache); the age is capped by
`max_age_cap`. The cache is bounded in bytes, least recently used out first, and an answer
over a quarter of the budget is never kept. Each router process has its own.

Identical requests that arrive while the first is in flight wait for its answer rather than
all going to the subgraph (request collapsing, as HTTP caches do): a burst of events would
otherwise miss all at once. When that answer is not shared, each waiter sends its own request,
and the request is remembered as not shared for a minute, so later bursts of it do not wait.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Clock = Callable[[], float]

NEVER_SHARED = frozenset({"private", "no-store", "no-cache"})
NOT_SHARED_SECONDS = 60.0  # how long a request whose answer was not shared goes uncollapsed
NOT_SHARED_REMEMBERED = 10_000

Key = tuple[str, bytes]  # (graph, request body)


def shared_max_age(cache_control: bytes | None) -> int:
    """Seconds a shared cache may keep an answer with this `Cache-Control` (0: not at all)."""
    if not cache_control:
        return 0
    public = False
    max_age: int | None = None
    s_maxage: int | None = None
    for part in cache_control.decode("latin-1").lower().split(","):
        name, _, value = part.strip().partition("=")
        name = name.strip()
        if name in NEVER_SHARED:
            return 0
        if name == "public":
            public = True
        elif name in ("max-age", "s-maxage"):
            try:
                seconds = int(value.strip().strip('"'))
            except ValueError:
                return 0  # a directive we cannot read: keep nothing
            if name == "max-age":
                max_age = seconds
            else:
                s_maxage = seconds
    shared = s_maxage if s_maxage is not None else max_age
    return max(shared, 0) if public and shared is not None else 0


class ResponseCache:
    def __init__(
        self, max_bytes: int, *, max_age_cap: int = 300, clock: Clock = time.monotonic
    ) -> None:
        self.max_bytes = max_bytes
        self.max_age_cap = max_age_cap
        self.clock = clock
        self.entries: OrderedDict[Key, tuple[float, bytes]] = OrderedDict()  # expiry, answer
        self.size = 0
        self.in_flight: dict[Key, asyncio.Future[None]] = {}
        # hash of the key -> until when (a hash: request bodies may be large; a collision only
        # means a request is not held back)
        self.not_shared: OrderedDict[int, float] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, graph: str, body: bytes) -> bytes | None:
        key = (graph, body)
        entry = self.entries.get(key)
        if entry is None:
            return None
        expires, content = entry
        if expires <= self.clock():
            self._drop(key)
            return None
        self.entries.move_to_end(key)
        return content

    async def lookup(self, graph: str, body: bytes) -> bytes | None:
        """A fresh shared answer, waiting for an identical request in flight if there is one
        (and it may be shared); None: send the request (inside `sending`)."""
        content = self.get(graph, body)
        key = (graph, body)
        if content is None and not self._known_not_shared(key):
            first = self.in_flight.get(key)
            if first is not None:
                await asyncio.shield(first)
                content = self.get(graph, body)
        if content is None:
            self.misses += 1
        else:
            self.hits += 1
        return content

    @contextmanager
    def sending(self, graph: str, body: bytes) -> Iterator[None]:
        """Marks the first of identical requests in flight; the others wait for it. A request
        known not to be shared is not marked: nobody waits for it (`lookup`)."""
        key = (graph, body)
        if key in self.in_flight or self._known_not_shared(key):
            yield
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.in_flight[key] = done
        try:
            yield
        finally:
            del self.in_flight[key]
            done.set_result(None)

    def offer(
        self, graph: str, body: bytes, status: int, content: bytes, cache_control: bytes | None
    ) -> None:
        """Keep an answer if its subgraph shares it (see the module's rules)."""
        key = (graph, body)
        seconds = min(shared_max_age(cache_control), self.max_age_cap)
        size = len(body) + len(content)
        # errors are about one request, never shared
        if seconds <= 0 or status != 200 or size * 4 > self.max_bytes or b'"errors"' in content:
            self.not_shared[hash(key)] = self.clock() + NOT_SHARED_SECONDS
            self.not_shared.move_to_end(hash(key))
            if len(self.not_shared) > NOT_SHARED_REMEMBERED:
                self.not_shared.popitem(last=False)
            return
        self.not_shared.pop(hash(key), None)
        if key in self.entries:
            self._drop(key)
        self.entries[key] = (self.clock() + seconds, content)
        self.size += size
        while self.size > self.max_bytes:
            self._drop(next(iter(self.entries)))

    def _known_not_shared(self, key: Key) -> bool:
        until = self.not_shared.get(hash(key))
        if until is None:
            return False
        if until <= self.clock():
            del self.not_shared[hash(key)]
            return False
        return True

    def _drop(self, key: Key) -> None:
        _, content = self.entries.pop(key)
        self.size -= len(key[1]) + len(content)
