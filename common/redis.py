"""The Redis clients of a process: one per (URL, event loop), resilient to Redis restarts."""

from __future__ import annotations

import asyncio

from redis import exceptions
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialWithJitterBackoff

# One client per (URL, event loop): a client's connections belong to the loop that made them
# (tests run several apps, each on its own loop, in one process).
_clients: dict[tuple[str, int], Redis] = {}


def _loop_id() -> int:
    try:
        return id(asyncio.get_running_loop())
    except RuntimeError:
        return 0


def _connect(url: str) -> Redis:
    return Redis.from_url(
        url,
        decode_responses=True,
        # A pooled connection Redis closed (it restarted) fails its next command: retry that
        # command on a fresh connection, so the first one after a restart does not fail.
        retry=Retry(ExponentialWithJitterBackoff(cap=0.2, base=0.02), 2),
        retry_on_error=[exceptions.ConnectionError, exceptions.TimeoutError],
        # A connection idle this long is pinged before use (dead ones are replaced).
        health_check_interval=30,
        socket_connect_timeout=2,
        socket_timeout=5,
    )


def redis_at(url: str) -> Redis:
    """This event loop's client for `url`."""
    key = (url, _loop_id())
    client = _clients.get(key)
    if client is None:
        client = _clients[key] = _connect(url)
    return client


async def close_redis() -> None:
    """Close this event loop's clients."""
    loop = _loop_id()
    for key in [key for key in _clients if key[1] == loop]:
        await _clients.pop(key).aclose()
