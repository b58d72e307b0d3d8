"""The Redis client of a subgraph process (common.redis, at its settings' URL), and the key
prefix every key goes under."""

from __future__ import annotations

from redis.asyncio import Redis

from common.redis import redis_at
from subgraphs.kit.settings import get_settings


def get_redis() -> Redis:
    return redis_at(get_settings().redis_url)


def redis_key(*parts: str) -> str:
    return get_settings().redis_prefix + ":".join(parts)
