"""The Redis client of a process, and the key prefix every key goes under."""

from __future__ import annotations

from redis.asyncio import Redis

from subgraphs.kit.settings import get_settings

_clients: dict[str, Redis] = {}


def get_redis() -> Redis:
    url = get_settings().redis_url
    client = _clients.get(url)
    if client is None:
        client = _clients[url] = Redis.from_url(url, decode_responses=True)
    return client


def redis_key(*parts: str) -> str:
    return get_settings().redis_prefix + ":".join(parts)


async def close_redis() -> None:
    for client in _clients.values():
        await client.aclose()
    _clients.clear()
