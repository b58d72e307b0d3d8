"""The real thing: outbox -> relay -> Redis broker -> Celery worker process -> PostgreSQL,
Redis pub/sub and SMTP over loopback."""

from __future__ import annotations

import asyncio
import time
import uuid

import orjson
from redis.asyncio import Redis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agora.smtp_sink import MailSink, ReceivedMail
from pipeline.notify.settings import get_notify_settings
from pipeline.relay import relay_once
from pipeline.relay_publish import celery_publisher
from subgraphs.kit.database import Database
from subgraphs.kit.transactions import in_transaction
from subgraphs.notifications.models import Delivery, DeliveryFailure, Notification, ReceivedEvent
from subgraphs.notifications.rules import live
from subgraphs.notifications.rules.preferences import Preferences, update_preferences
from tests.integration.accounts import Accounts
from tests.integration.notifications.conftest import (
    new_event,
    wait_until,
    write_outbox,
)
from tests.support.graphql import GraphQLClient
from tests.support.worker import WorkerProcess

MAIL_TIMEOUT = 30.0


async def relay_everything(db: Database) -> int:
    publish, moved = celery_publisher(), 0
    while count := await relay_once(db, publish, batch_size=500):
        moved += count
    return moved


async def delivery_of(db: Database, event_id: uuid.UUID) -> Delivery | None:
    async with db.session() as session:
        return (
            await session.execute(select(Delivery).where(Delivery.event_id == event_id))
        ).scalar_one_or_none()


async def failures_of(db: Database, delivery_id: uuid.UUID) -> list[str]:
    async with db.session() as session:
        rows = await session.execute(
            select(DeliveryFailure.error)
            .where(DeliveryFailure.delivery_id == delivery_id)
            .order_by(DeliveryFailure.attempt)
        )
        return list(rows.scalars())


async def test_verification_email_reaches_the_smtp_sink_after_retries(
    worker: WorkerProcess, mail_sink: tuple[int, MailSink], notify_db: Database
) -> None:
    _, sink = mail_sink
    address = f"verify-{uuid.uuid4().hex[:8]}@example.test"
    event = new_event(
        "EMAIL_VERIFICATION_REQUESTED", str(uuid.uuid4()), email=address, token="tok/en+1"
    )
    sink.fail_next = 2  # the SMTP server answers 451 twice: the worker must retry
    await write_outbox(notify_db, event)
    assert await relay_everything(notify_db) >= 1

    mails = await asyncio.to_thread(
        sink.wait_for, lambda ms: any(address in m.recipients for m in ms), MAIL_TIMEOUT
    )
    mail = next(m for m in mails if address in m.recipients)
    assert sink.refused >= 2
    assert mail.message["Subject"] == "Confirm your email address"
    assert mail.message["From"] == get_notify_settings().smtp_from
    link = f"{get_notify_settings().public_url}/verify-email?token=tok%2Fen%2B1"
    assert link in mail.body("plain")
    assert f'href="{link}"' in mail.body("html") and "<h1" in mail.body("html")
    assert mail.path.read_bytes().startswith(b"Content-Type") or mail.path.stat().st_size > 0

    async def recorded_as_sent() -> bool:  # the worker commits just after the server said 250
        delivery = await delivery_of(notify_db, event.id)
        return delivery is not None and delivery.status == "SENT"

    await wait_until(recorded_as_sent)
    delivery = await delivery_of(notify_db, event.id)
    assert delivery is not None
    assert (delivery.channel, delivery.status, delivery.attempts) == ("EMAIL", "SENT", 3)
    failures = await failures_of(notify_db, delivery.id)
    assert len(failures) == 2 and all("451" in error for error in failures)
    assert "token" not in delivery.payload["data"]  # a credential: gone once sent


async def test_undeliverable_email_is_recorded_as_failed(
    worker: WorkerProcess, notify_db: Database
) -> None:
    # No address is known for this user (no verification event was seen): every attempt fails.
    event = new_event("ORDER_COMPLETED", str(uuid.uuid4()), gigTitle="Logo")
    await write_outbox(notify_db, event)
    await relay_everything(notify_db)

    async def failed() -> bool:
        delivery = await delivery_of(notify_db, event.id)
        return delivery is not None and delivery.status == "FAILED"

    await wait_until(failed, within=MAIL_TIMEOUT)
    delivery = await delivery_of(notify_db, event.id)
    assert delivery is not None
    assert delivery.attempts == get_notify_settings().email_max_attempts
    failures = await failures_of(notify_db, delivery.id)
    assert len(failures) == delivery.attempts
    assert all(error.startswith("NoAddress") for error in failures)
    assert delivery.last_error == failures[-1]


async def test_killed_worker_restarted_delivers_every_notification_exactly_once(
    worker: WorkerProcess, notify_db: Database, redis: Redis
) -> None:
    users = [str(uuid.uuid4()) for _ in range(4)]
    for user in users:  # in-app only: this test counts notifications, not mails

        async def no_email(session: AsyncSession, user: str = user) -> Preferences:
            return await update_preferences(session, user, {"email": False})

        await in_transaction(notify_db, no_email)
    events = [new_event("ORDER_PLACED", users[n % 4], n=n) for n in range(120)]
    pubsub = redis.pubsub()
    await pubsub.subscribe(*(live.user_channel(user) for user in users))
    seen: set[str] = set()

    async def receive_until(done: int, within: float) -> None:
        deadline = time.monotonic() + within
        while len(seen) < done:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"only {len(seen)} of {done} notifications arrived"
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=remaining)
            if message is not None:
                kind, value = live.decode(message["data"])
                if kind == live.NOTIFICATION:
                    seen.add(value.id)

    try:
        worker.kill()  # the tasks queue up while no worker runs
        await write_outbox(notify_db, *events)
        assert await relay_everything(notify_db) >= 120
        worker.start()
        await receive_until(1, 60.0)
        worker.kill()  # mid-stream: it held messages it never acknowledged
        unacked = await redis.hlen(f"{get_notify_settings().redis_prefix}celery:unacked")
        stored = await count_notifications(notify_db, users)
        assert stored < 120 and unacked >= 1, (stored, unacked)

        worker.start()
        await receive_until(120, 90.0)
    finally:
        await pubsub.aclose()
    assert await count_notifications(notify_db, users) == 120
    async with notify_db.session() as session:
        per_event = await session.execute(
            select(Notification.event_id, func.count())
            .where(Notification.recipient_id.in_(users))
            .group_by(Notification.event_id)
        )
        counts = {row[0]: row[1] for row in per_event}
        ledger = await session.execute(
            select(func.count()).where(ReceivedEvent.event_id.in_([e.id for e in events]))
        )
    assert set(counts) == {e.id for e in events} and set(counts.values()) == {1}
    assert ledger.scalar_one() == 120


async def count_notifications(db: Database, users: list[str]) -> int:
    async with db.session() as session:
        statement = select(func.count()).where(Notification.recipient_id.in_(users))
        return int((await session.execute(statement)).scalar_one())


async def test_a_new_account_gets_its_welcome_and_verification_emails(
    worker: WorkerProcess,
    mail_sink: tuple[int, MailSink],
    accounts: Accounts,
    local_db: Database,
    notifications: GraphQLClient,
) -> None:
    """The users subgraph's own outbox rows, relayed like in production."""
    # Earlier tests' registrations are not this test's business: marked sent, not published.
    while await relay_once(local_db, lambda event: None, batch_size=1000):
        pass
    account = await accounts.register(firstName="Grace", lastName="Hopper")
    assert await relay_everything(local_db) == 2
    _, sink = mail_sink

    def both_arrived(mails: list[ReceivedMail]) -> bool:
        return len([m for m in mails if account.email in m.recipients]) == 2

    arrived = await asyncio.to_thread(sink.wait_for, both_arrived, MAIL_TIMEOUT)
    mails = [m for m in arrived if account.email in m.recipients]
    by_subject = {m.message["Subject"]: m for m in mails}
    assert set(by_subject) == {"Welcome to Agora", "Confirm your email address"}
    assert "Hi Grace Hopper," in by_subject["Welcome to Agora"].body("plain")
    assert "/verify-email?token=" in by_subject["Confirm your email address"].body("plain")

    listed = await notifications.data(
        "{ notifications { edges { node { kind title actor { id } } } unreadCount } }",
        token=account.access,
    )
    assert listed["notifications"]["edges"] == [
        {"node": {"kind": "USER_REGISTERED", "title": "Welcome to Agora", "actor": None}}
    ]
    assert listed["notifications"]["unreadCount"] == 1


def test_the_worker_logs_json_lines(worker: WorkerProcess) -> None:
    """Celery's own log lines are JSON like every other process's (its start-up banner is not
    a log line)."""
    logged = [line for line in worker.lines if line.startswith("{")]
    records = [orjson.loads(line) for line in logged]
    assert any(
        r["logger"] == "celery.apps.worker" and r["msg"].endswith(" ready.") for r in records
    )
    assert not [line for line in worker.lines if line.startswith("[20")]  # Celery's text format
