"""The subgraph's end of the live channel: one Redis pub/sub connection per process, shared by
every subscription it serves.

A user's channel is subscribed while at least one of their subscriptions is open here, and
each message is copied to every open subscription of that user. The Redis client is made on
first use, so it belongs to the event loop that serves the app. If the connection to Redis is
lost for good, every open subscription ends with an error (clients subscribe again).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import AsyncGenerator
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import PubSub

from subgraphs.kit.errors import SubscriptionInterrupted, Unauthenticated
from subgraphs.kit.settings import get_settings
from subgraphs.notifications.rules import live

logger = logging.getLogger("agora.notifications.feed")

# The reader wakes at least this often (to notice shutdown); listeners re-check token expiry.
POLL_SECONDS = 30.0
CONFIRM_SECONDS = 10.0
# A subscriber this far behind is dropped rather than buffered without bound.
QUEUE_LIMIT = 1000


class TokenExpired(Unauthenticated):
    def __init__(self) -> None:
        super().__init__(
            "Your access token expired, so this subscription ended: "
            "subscribe again with a fresh token."
        )
        self.extensions["reason"] = "TOKEN_EXPIRED"


class FeedLost(SubscriptionInterrupted):
    """The connection to Redis broke: the subscription cannot promise completeness any more."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"The live feed was interrupted ({reason}); subscribe again.")


class Feed:
    def __init__(self, redis_url: str | None = None) -> None:
        self._url = redis_url
        self._redis: Redis | None = None
        self._pubsub: PubSub | None = None
        self._reader: asyncio.Task[None] | None = None
        self._queues: dict[str, set[asyncio.Queue[tuple[str, Any]]]] = {}
        # SUBSCRIBE commands sent and confirmed per channel: a listener is live once the
        # confirmation of its own SUBSCRIBE (or a later one) has arrived.
        self._sent: Counter[str] = Counter()
        self._confirmed: Counter[str] = Counter()
        # Per channel: (sequence, future) of listeners waiting for their confirmation. One
        # waiter list per channel, so a confirmation wakes only its own listeners (a shared
        # condition woke all of them on every confirmation: quadratic with many subscribers).
        self._waiting: dict[str, list[tuple[int, asyncio.Future[None]]]] = {}
        self._subscribing = asyncio.Lock()

    @property
    def redis(self) -> Redis:
        if self._redis is None:
            self._redis = Redis.from_url(self._url or get_settings().redis_url)
        return self._redis

    def subscriber_count(self, user_id: str) -> int:
        return len(self._queues.get(live.user_channel(user_id), ()))

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
            self._reader = None
        if self._pubsub is not None:
            await self._pubsub.aclose()
            self._pubsub = None
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

    async def publish_unread_count(self, user_id: str, count: int) -> None:
        await live.publish_unread_count(self.redis, user_id, count)

    async def listen(self, user_id: str, expires_at: float) -> AsyncGenerator[tuple[str, Any]]:
        """Messages of the user's channel, decoded; raises TokenExpired at `expires_at`.

        The first item is ("subscribed", None), once Redis confirmed the subscription: from
        then on nothing published for this user is missed.
        """
        channel = live.user_channel(user_id)
        queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue(QUEUE_LIMIT)
        sequence = await self._add(channel, queue)
        try:
            await self._confirmation(channel, sequence, expires_at)
            yield "subscribed", None
            while True:
                timeout = _wait(expires_at)  # raises once the token expired
                try:
                    kind, value = await asyncio.wait_for(queue.get(), timeout)
                except TimeoutError:
                    continue
                if kind == "lost":
                    raise FeedLost(value)
                yield kind, value
        finally:
            await self._remove(channel, queue)

    async def _confirmation(self, channel: str, sequence: int, expires_at: float) -> None:
        try:
            if self._confirmed[channel] >= sequence:
                return
            confirmed = asyncio.get_running_loop().create_future()
            self._waiting.setdefault(channel, []).append((sequence, confirmed))
            async with asyncio.timeout(min(_wait(expires_at), CONFIRM_SECONDS)):
                await confirmed
        except TimeoutError as error:
            _wait(expires_at)  # the token expiring is the better explanation
            raise FeedLost("Redis did not confirm the subscription") from error

    async def _add(self, channel: str, queue: asyncio.Queue[tuple[str, Any]]) -> int:
        listeners = self._queues.setdefault(channel, set())
        listeners.add(queue)
        if len(listeners) > 1:
            return self._sent[channel]
        self._sent[channel] += 1
        sequence = self._sent[channel]
        async with self._subscribing:
            if self._pubsub is None:
                self._pubsub = self.redis.pubsub()
            # One at a time: redis-py's PubSub takes a pool connection on its first command, and
            # concurrent first commands each took their own, leaving all but one unread.
            await self._pubsub.subscribe(channel)
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read(self._pubsub), name="feed-reader")
        return sequence

    async def _remove(self, channel: str, queue: asyncio.Queue[tuple[str, Any]]) -> None:
        listeners = self._queues.get(channel)
        if listeners is None:
            return
        listeners.discard(queue)
        if not listeners:
            del self._queues[channel]
            if self._pubsub is not None:
                with contextlib.suppress(Exception):  # a broken connection forgets it anyway
                    await self._pubsub.unsubscribe(channel)

    async def _read(self, pubsub: PubSub) -> None:
        try:
            while True:
                # Block without a read timeout: a timeout that fires in the middle of a reply
                # loses it (seen as lost confirmations with hundreds of SUBSCRIBEs in flight).
                message = await pubsub.get_message(timeout=None)
                if message is not None:
                    await self._dispatch(message)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            logger.exception("live feed lost its Redis connection")
            self._lose_everything(error)

    async def _dispatch(self, message: dict[str, Any]) -> None:
        channel = message["channel"]
        channel = channel.decode() if isinstance(channel, bytes) else str(channel)
        if message["type"] == "subscribe":
            self._confirmed[channel] += 1
            waiting = self._waiting.pop(channel, [])
            still = [(seq, future) for seq, future in waiting if seq > self._confirmed[channel]]
            for seq, future in waiting:
                if seq <= self._confirmed[channel] and not future.done():
                    future.set_result(None)
            if still:
                self._waiting[channel] = still
        elif message["type"] == "message":
            kind, value = live.decode(message["data"])
            if not kind:
                return
            for queue in list(self._queues.get(channel, ())):
                try:
                    queue.put_nowait((kind, value))
                except asyncio.QueueFull:
                    self._queues[channel].discard(queue)
                    _replace_with_loss(queue, "this subscriber fell too far behind")

    def _lose_everything(self, error: BaseException) -> None:
        for queues in self._queues.values():
            for queue in queues:
                _replace_with_loss(queue, f"live feed lost: {type(error).__name__}")
        self._queues.clear()
        for waiting in self._waiting.values():
            for _, future in waiting:
                if not future.done():
                    future.set_exception(FeedLost(f"live feed lost: {type(error).__name__}"))
        self._waiting.clear()
        self._pubsub = None  # the next subscription starts a new connection


def _replace_with_loss(queue: asyncio.Queue[tuple[str, Any]], reason: str) -> None:
    while not queue.empty():
        queue.get_nowait()
    queue.put_nowait(("lost", reason))


def _wait(expires_at: float) -> float:
    remaining = expires_at - time.time()
    if remaining <= 0:
        raise TokenExpired()
    return min(remaining, POLL_SECONDS)
