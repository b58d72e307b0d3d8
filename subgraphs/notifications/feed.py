"""The subgraph's end of the live channel: listening on a user's Redis channel, publishing counts.

Every subscription gets its own Redis pub/sub connection, opened on subscribe and closed when
the client stops (or the token expires). The Redis client is made on first use, so it belongs
to the event loop that serves the app.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import PubSub

from subgraphs.kit.errors import Unauthenticated
from subgraphs.kit.settings import get_settings
from subgraphs.notifications import live

# get_message waits at most this long, then we check the token's expiry again.
POLL_SECONDS = 30.0


class TokenExpired(Unauthenticated):
    def __init__(self) -> None:
        super().__init__(
            "Your access token expired, so this subscription ended: "
            "subscribe again with a fresh token."
        )
        self.extensions["reason"] = "TOKEN_EXPIRED"


class Feed:
    def __init__(self, redis_url: str | None = None) -> None:
        self._url = redis_url
        self._redis: Redis | None = None

    @property
    def redis(self) -> Redis:
        if self._redis is None:
            self._redis = Redis.from_url(self._url or get_settings().redis_url)
        return self._redis

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

    async def publish_unread_count(self, user_id: str, count: int) -> None:
        await live.publish_unread_count(self.redis, user_id, count)

    async def listen(self, user_id: str, expires_at: float) -> AsyncIterator[tuple[str, Any]]:
        """Messages of the user's channel, decoded; raises TokenExpired at `expires_at`.

        The first item is ("subscribed", None), once Redis confirmed the subscription: from
        then on nothing published for this user is missed.
        """
        pubsub = self.redis.pubsub()
        try:
            await pubsub.subscribe(live.user_channel(user_id))
            await _confirmed(pubsub, expires_at)
            yield "subscribed", None
            while True:
                message = await pubsub.get_message(
                    ignore_subscribe_messages=True, timeout=_wait(expires_at)
                )
                if message is not None and message["type"] == "message":
                    kind, value = live.decode(message["data"])
                    if kind:
                        yield kind, value
        finally:
            await pubsub.aclose()


def _wait(expires_at: float) -> float:
    remaining = expires_at - time.time()
    if remaining <= 0:
        raise TokenExpired()
    return min(remaining, POLL_SECONDS)


async def _confirmed(pubsub: PubSub, expires_at: float) -> None:
    while True:
        message = await pubsub.get_message(timeout=_wait(expires_at))
        if message is not None and message["type"] == "subscribe":
            return
