"""N concurrent subscribers on one router, one event each: delivery latency and router memory.

Baseline: the same N subscribers directly on the notifications subgraph. Through the router
each event also resolves `actor { displayName }` from the users subgraph.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from dataclasses import dataclass

import orjson
from redis.asyncio import Redis
from websockets.asyncio.client import ClientConnection, connect

from benchmarks.stack import Stack
from benchmarks.stats import percentile
from subgraphs.kit.database import Database
from subgraphs.kit.transactions import in_transaction
from subgraphs.notifications.rules.live import LiveNotification, publish_notification, user_channel
from subgraphs.users.rules.registration import register
from subgraphs.users.rules.tokens import configured_keyring

CONNECT_CONCURRENCY = 100
WAIT_SECONDS = 60.0
DIRECT = "subscription { notificationReceived { kind title } }"
ROUTED = "subscription { notificationReceived { kind title actor { displayName } } }"


@dataclass
class Delivery:
    subscribers: int
    delivered: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    rss_before_kib: int
    rss_after_kib: int


async def _open(url: str, token: str, query: str) -> ClientConnection:
    socket = await connect(url, subprotocols=["graphql-transport-ws"], max_queue=4)  # type: ignore[list-item]
    await socket.send(
        orjson.dumps(
            {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
        ).decode()
    )
    ack = orjson.loads(await socket.recv())
    assert ack["type"] == "connection_ack", ack
    await socket.send(
        orjson.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}).decode()
    )
    return socket


async def _subscribed(redis: Redis, channels: list[str]) -> None:
    """Wait until every channel has a listener (the subscriptions are live end to end)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        counts = await redis.pubsub_numsub(*channels)
        if all(count >= 1 for _, count in counts):
            return
        await asyncio.sleep(0.05)  # polling Redis for a condition, bounded by the deadline
    raise TimeoutError("subscriptions did not all become live")


async def _actor() -> str:
    db = Database("users")
    try:
        user = await in_transaction(
            db,
            lambda s: register(
                s,
                email=f"actor-{uuid.uuid4().hex[:8]}@bench.test",
                password="bench-password-1",
                first_name="Bench",
                last_name="Actor",
            ),
        )
        return str(user.id)
    finally:
        await db.dispose()


async def measure(
    stack: Stack, base_url: str, query: str, subscribers: int, rss_of: str
) -> Delivery:
    ws_url = "ws://" + base_url.removeprefix("http://") + "/graphql"
    keyring = configured_keyring()
    users = [str(uuid.uuid4()) for _ in range(subscribers)]
    actor = await _actor()
    rss_before = stack.rss_kib(rss_of)
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def open_one(user_id: str) -> ClientConnection:
        async with gate:
            token = keyring.issue_access_token(uuid.UUID(user_id), []).token
            return await _open(ws_url, token, query)

    sockets = await asyncio.gather(*(open_one(u) for u in users))
    redis = Redis.from_url(stack.env.redis_url)
    try:
        await _subscribed(redis, [user_channel(u) for u in users])
        rss_after = stack.rss_kib(rss_of)
        sent: dict[str, float] = {}

        async def receive(user_id: str, socket: ClientConnection) -> float | None:
            try:
                message = orjson.loads(await asyncio.wait_for(socket.recv(), WAIT_SECONDS))
            except TimeoutError:
                return None  # counted as not delivered
            assert message["type"] == "next", message
            received = time.perf_counter()
            return (received - sent[user_id]) * 1000

        receivers = [
            asyncio.create_task(receive(u, s)) for u, s in zip(users, sockets, strict=True)
        ]
        for user_id in users:
            event = LiveNotification(
                id=str(uuid.uuid4()),
                kind="ORDER_PLACED",
                title="New order",
                body="Bench",
                data={},
                actor_id=actor,
                read_at=None,
                created_at=dt.datetime.now(dt.UTC),
            )
            sent[user_id] = time.perf_counter()
            await publish_notification(redis, user_id, event)
        results = await asyncio.gather(*receivers)
        latencies = [latency for latency in results if latency is not None]
    finally:
        await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)
        await redis.aclose()
    return Delivery(
        subscribers=subscribers,
        delivered=len(latencies),
        p50_ms=percentile(latencies, 0.50),
        p99_ms=percentile(latencies, 0.99),
        max_ms=max(latencies),
        rss_before_kib=rss_before,
        rss_after_kib=rss_after,
    )


async def run(stack: Stack, subscribers: int) -> tuple[Delivery, Delivery, Delivery]:
    """(baseline directly on the subgraph, through the router with the same selection,
    through the router with `actor { displayName }` resolved from users per event)."""
    direct = await measure(stack, stack.urls["notifications"], DIRECT, subscribers, "notifications")
    relayed = await measure(stack, stack.urls["router"], DIRECT, subscribers, "router")
    routed = await measure(stack, stack.urls["router"], ROUTED, subscribers, "router")
    return direct, relayed, routed
