"""Rate limiting per user (signed in) or per client IP, fixed windows, `RateLimit-*` headers.

Counters live in Redis when configured, so every router replica shares them; otherwise in the
process. If Redis does not answer, requests pass (fail open) and the failure is logged: an
outage of the limiter must not become an outage of the API.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from router.edge.client_ip import CLIENT_IP_KEY
from router.edge.identity import IDENTITY_KEY, send_graphql_error

logger = logging.getLogger("agora.router.ratelimit")
EXEMPT_PATHS = frozenset({"/health", "/ready"})

# INCR the window's counter; the first hit sets its expiry. Returns (count, ms left).
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}
"""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int

    def headers(self) -> list[tuple[bytes, bytes]]:
        pairs = [
            (b"ratelimit-limit", str(self.limit).encode()),
            (b"ratelimit-remaining", str(self.remaining).encode()),
            (b"ratelimit-reset", str(self.reset_seconds).encode()),
        ]
        if not self.allowed:
            pairs.append((b"retry-after", str(self.reset_seconds).encode()))
        return pairs


class Counter(Protocol):
    async def hit(self, key: str, window_ms: int) -> tuple[int, int]: ...


class MemoryCounter:
    def __init__(self) -> None:
        self.windows: dict[str, tuple[int, float]] = {}

    async def hit(self, key: str, window_ms: int) -> tuple[int, int]:
        now = time.monotonic()
        count, ends = self.windows.get(key, (0, 0.0))
        if now >= ends:
            count, ends = 0, now + window_ms / 1000
            if len(self.windows) > 100_000:  # drop finished windows now and then
                self.windows = {k: v for k, v in self.windows.items() if v[1] > now}
        self.windows[key] = (count + 1, ends)
        return count + 1, int((ends - now) * 1000)


class RedisCounter:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        self.script = redis.register_script(_HIT)

    async def hit(self, key: str, window_ms: int) -> tuple[int, int]:
        count, ttl = await self.script(keys=[f"{self.prefix}ratelimit:{key}"], args=[window_ms])
        return int(count), int(ttl)


class RateLimiter:
    def __init__(self, counter: Counter, limit: int, window_seconds: int) -> None:
        self.counter = counter
        self.limit = limit
        self.window_ms = window_seconds * 1000

    async def check(self, client: str) -> Verdict | None:
        try:
            count, ttl_ms = await self.counter.hit(client, self.window_ms)
        except RedisError as error:
            logger.warning("rate limiter unavailable, letting the request through: %s", error)
            return None
        reset = max(1, math.ceil(max(ttl_ms, 0) / 1000))
        return Verdict(count <= self.limit, self.limit, max(0, self.limit - count), reset)


def client_key(scope: Scope) -> str:
    state = scope.get("state", {})
    identity = state.get(IDENTITY_KEY)
    if identity is not None:
        return f"user:{identity.user_id}"
    ip = state.get(CLIENT_IP_KEY)  # set by ClientIpMiddleware
    if ip is None:
        client = scope.get("client")
        ip = client[0] if client else None
    return f"ip:{ip_bucket(ip)}"


def ip_bucket(ip: str | None) -> str:
    """An IPv4 address counts alone; IPv6 by its /64 (one host usually holds a whole /64)."""
    if not ip:
        return "unknown"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address)


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        verdict = await self.limiter.check(client_key(scope))
        if verdict is None:
            await self.app(scope, receive, send)
            return
        if not verdict.allowed:
            await send_graphql_error(
                send, 429, "Too many requests; retry later.", "RATE_LIMITED", verdict.headers()
            )
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *verdict.headers()]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
