"""Many subscriptions starting at once on one process's shared Redis connection."""

from __future__ import annotations

import asyncio
import time
import uuid

from redis.asyncio import Redis

from subgraphs.notifications.rules import live
from subgraphs.notifications.rules.feed import Feed
from tests.support.environment import TestEnvironment

LISTENERS = 200


async def test_concurrent_subscriptions_are_all_confirmed_and_fed(
    test_env: TestEnvironment,
) -> None:
    feed = Feed(test_env.redis_url)
    redis = Redis.from_url(test_env.redis_url)
    users = [str(uuid.uuid4()) for _ in range(LISTENERS)]
    expires = time.time() + 600
    subscribed = asyncio.Semaphore(0)

    async def listen(user_id: str) -> int:
        stream = feed.listen(user_id, expires)
        assert await anext(stream) == ("subscribed", None)
        subscribed.release()
        kind, count = await anext(stream)
        await stream.aclose()
        assert kind == live.UNREAD_COUNT
        return int(count)

    try:
        listeners = [asyncio.create_task(listen(user)) for user in users]  # all at once
        async with asyncio.timeout(20):
            for _ in users:
                await subscribed.acquire()
            for index, user in enumerate(users):
                await live.publish_unread_count(redis, user, index)
            assert await asyncio.gather(*listeners) == list(range(LISTENERS))
    finally:
        await feed.close()
        await redis.aclose()
