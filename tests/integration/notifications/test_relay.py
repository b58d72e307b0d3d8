"""The outbox relay: in order, marked sent only after the broker accepted, at least once."""

from __future__ import annotations

import asyncio
import uuid

import orjson
import pytest
from redis.asyncio import Redis
from sqlalchemy import select

from pipeline.notify.settings import NotifySettings, get_notify_settings
from pipeline.relay import relay_once
from pipeline.relay_publish import RelayError, celery_publisher
from pipeline.worker import QUEUE, make_app
from subgraphs.kit.database import Database
from subgraphs.kit.outbox import OutboxEvent
from subgraphs.notifications.models import Outbox
from tests.integration.notifications.conftest import new_event, write_outbox


async def sent_at(db: Database, ids: list[uuid.UUID]) -> dict[uuid.UUID, object]:
    async with db.session() as session:
        rows = await session.execute(select(Outbox.id, Outbox.sent_at).where(Outbox.id.in_(ids)))
        return {row.id: row.sent_at for row in rows}


async def drain(db: Database) -> None:
    """Marks whatever earlier tests left unsent as sent, so this test sees only its rows."""
    while await relay_once(db, lambda event: None, batch_size=1000):
        pass


async def test_rows_go_out_in_order_and_are_marked_only_after_publishing(
    notify_db: Database,
) -> None:
    await drain(notify_db)
    alice, bob = str(uuid.uuid4()), str(uuid.uuid4())
    events = [new_event("ORDER_PLACED", (alice, bob)[i % 2], n=i) for i in range(6)]
    await write_outbox(notify_db, *events)
    loop = asyncio.get_running_loop()
    published: list[OutboxEvent] = []
    unsent_while_publishing: list[bool] = []
    concurrent_pass: list[int] = []

    def publish(event: OutboxEvent) -> None:
        # Runs in the relay's publishing thread, while the relay holds its transaction.
        state = asyncio.run_coroutine_threadsafe(sent_at(notify_db, [event.id]), loop).result()
        unsent_while_publishing.append(state[event.id] is None)
        if not concurrent_pass:  # a second relay meanwhile finds the database taken
            second = relay_once(notify_db, lambda e: None)
            concurrent_pass.append(asyncio.run_coroutine_threadsafe(second, loop).result())
        published.append(event)

    assert await relay_once(notify_db, publish) == 6
    assert [e.id for e in published] == [e.id for e in events]
    assert [e.data["n"] for e in published] == list(range(6))
    assert [e.recipient_id for e in published] == [alice, bob] * 3
    assert all(e.source == "notifications" for e in published)
    assert unsent_while_publishing == [True] * 6
    assert concurrent_pass == [0]
    states = await sent_at(notify_db, [e.id for e in events])
    assert all(value is not None for value in states.values())
    assert await relay_once(notify_db, publish) == 0  # nothing is sent twice
    assert len(published) == 6


async def test_a_failed_publish_keeps_that_row_and_the_rest_for_the_next_pass(
    notify_db: Database,
) -> None:
    await drain(notify_db)
    recipient = str(uuid.uuid4())
    events = [new_event("ORDER_ACCEPTED", recipient, n=i) for i in range(5)]
    await write_outbox(notify_db, *events)
    published: list[int] = []

    def flaky(event: OutboxEvent) -> None:
        if event.data["n"] == 2:
            raise ConnectionError("broker went away")
        published.append(event.data["n"])

    with pytest.raises(RelayError) as failure:
        await relay_once(notify_db, flaky)
    assert failure.value.published == 2
    states = await sent_at(notify_db, [e.id for e in events])
    assert [states[e.id] is not None for e in events] == [True, True, False, False, False]

    assert await relay_once(notify_db, lambda event: published.append(event.data["n"])) == 3
    assert published == [0, 1, 2, 3, 4]
    states = await sent_at(notify_db, [e.id for e in events])
    assert all(value is not None for value in states.values())


async def test_unreachable_broker_leaves_everything_unsent(notify_db: Database) -> None:
    await drain(notify_db)
    events = [new_event("GIG_APPROVED", str(uuid.uuid4())) for _ in range(2)]
    await write_outbox(notify_db, *events)
    nowhere = NotifySettings(redis_url="redis://127.0.0.1:9/0", redis_prefix="agora-nowhere:")
    with pytest.raises(RelayError):
        await relay_once(notify_db, celery_publisher(make_app(nowhere)))
    states = await sent_at(notify_db, [e.id for e in events])
    assert list(states.values()) == [None, None]


async def test_relayed_events_are_celery_tasks_in_the_queue(
    notify_db: Database, redis: Redis
) -> None:
    await drain(notify_db)
    # A queue of this test's own: no other test's relay or worker can add to it or drain it.
    settings = get_notify_settings()
    own = NotifySettings(
        redis_url=settings.redis_url, redis_prefix=f"{settings.redis_prefix}{uuid.uuid4().hex}:"
    )
    queue_key = f"{own.redis_prefix}celery:{QUEUE}"
    events = [new_event("REVIEW_POSTED", str(uuid.uuid4()), rating=5) for _ in range(3)]
    await write_outbox(notify_db, *events)
    try:
        assert await relay_once(notify_db, celery_publisher(make_app(own))) == 3
        # LPUSH in, BRPOP out: the list's tail is the oldest message.
        raw = list(reversed(await redis.lrange(queue_key, 0, -1)))
        messages = [orjson.loads(item) for item in raw]
        assert [m["headers"]["id"] for m in messages] == [str(e.id) for e in events]
        assert {m["headers"]["task"] for m in messages} == {"agora.deliver_event"}
    finally:
        await redis.delete(queue_key)
