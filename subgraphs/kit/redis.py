"""The Redis client of a process, and the key prefix every key goes under."""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from subgraphs.kit.settings import get_settings

# One client per (URL, event loop): a client's connections belong to the loop that made them
# (tests run several apps, each on its own loop, in one process).
_clients: dict[tuple[str, int], Redis] = {}


def _loop_id() -> int:
    try:
        return id(asyncio.get_running_loop())
    except RuntimeError:
        return 0


def get_redis() -> Redis:
    key = (get_settings().redis_url, _loop_id())
    client = _clients.get(key)
    if client is None:
        client = _clients[key] = Redis.from_url(key[0], decode_responses=True)
    return client


def redis_key(*parts: str) -> str:
    return get_settings().redis_prefix + ":".join(parts)


async def close_redis() -> None:
    """Close this event loop's clients."""
    loop = _loop_id()
    for key in [key for key in _clients if key[1] == loop]:
        await _clients.pop(key).aclose()
