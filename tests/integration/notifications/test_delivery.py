"""Turning events into notifications and deliveries: idempotency, preferences, the hourly cap."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

from sqlalchemy import func, select, update

from subgraphs.kit.database import Database
from subgraphs.kit.transactions import in_transaction
from subgraphs.notifications.models import Delivery, Notification, Outcome, Platform, ReceivedEvent
from subgraphs.notifications.rules.delivery import accept_event, address_of, capped_count
from subgraphs.notifications.rules.devices import register_device
from subgraphs.notifications.rules.notifications import delete_old_read
from subgraphs.notifications.rules.preferences import update_preferences
from tests.integration.notifications.conftest import new_event

CAP = 100


async def count(db: Database, model: type, **where: object) -> int:
    statement = select(func.count()).select_from(model)
    for name, value in where.items():
        statement = statement.where(getattr(model, name) == value)
    async with db.session() as session:
        return int((await session.execute(statement)).scalar_one())


async def channels(db: Database, event_id: uuid.UUID) -> set[str]:
    async with db.session() as session:
        rows = await session.execute(select(Delivery.channel).where(Delivery.event_id == event_id))
        return set(rows.scalars())


def someone() -> str:
    return str(uuid.uuid4())


async def test_redelivered_event_creates_no_duplicate(notify_db: Database) -> None:
    user = someone()
    event = new_event("ORDER_PLACED", user, gigTitle="Logo design", actor_id=someone())
    first = await accept_event(notify_db, event, hourly_cap=CAP)
    assert first.outcome == Outcome.DELIVERED and first.notification is not None
    assert first.notification.title == "New order"
    assert first.notification.body == "You have a new order for “Logo design”."
    # Redelivered, sequentially and concurrently (two workers got the same message):
    again = await asyncio.gather(
        *(accept_event(notify_db, event, hourly_cap=CAP) for _ in range(5))
    )
    assert {a.outcome for a in again} == {Outcome.DELIVERED}
    assert {a.notification.id for a in again if a.notification} == {first.notification.id}
    assert await count(notify_db, Notification, recipient_id=user) == 1
    assert await count(notify_db, ReceivedEvent, event_id=event.id) == 1
    assert await count(notify_db, Delivery, event_id=event.id) == 1  # email only: no device
    # What is still pending is reported again, so a crashed worker's redelivery finishes it.
    assert [channel for _, channel in again[0].pending] == ["EMAIL"]
    # The first decision reports what it stored, as a redelivery reads it back.
    assert first.pending == again[0].pending


async def test_channel_and_category_preferences(notify_db: Database) -> None:
    user = someone()
    await in_transaction(
        notify_db, lambda s: update_preferences(s, user, {"in_app": False, "reviews": False})
    )
    muted = new_event("REVIEW_POSTED", user, gigTitle="Logo", rating=5)
    assert (await accept_event(notify_db, muted, hourly_cap=CAP)).outcome == Outcome.MUTED
    assert await channels(notify_db, muted.id) == set()

    email_only = new_event("ORDER_COMPLETED", user)
    accepted = await accept_event(notify_db, email_only, hourly_cap=CAP)
    assert accepted.outcome == Outcome.DELIVERED and accepted.notification is None
    assert await channels(notify_db, email_only.id) == {"EMAIL"}

    await in_transaction(
        notify_db,
        lambda s: update_preferences(s, user, {"in_app": True, "email": False, "push": True}),
    )
    await in_transaction(
        notify_db, lambda s: register_device(s, user, "fcm-token-1", Platform.ANDROID)
    )
    pushed = new_event("ORDER_COMPLETED", user)
    accepted = await accept_event(notify_db, pushed, hourly_cap=CAP)
    assert accepted.notification is not None
    assert await channels(notify_db, pushed.id) == {"PUSH"}

    await in_transaction(
        notify_db,
        lambda s: update_preferences(s, user, {"in_app": False, "email": False, "push": False}),
    )
    nothing = new_event("ORDER_COMPLETED", user)
    assert (await accept_event(notify_db, nothing, hourly_cap=CAP)).outcome == Outcome.MUTED
    assert await count(notify_db, Notification, recipient_id=user) == 1


async def test_defaults_send_in_app_and_email_but_push_only_with_a_device(
    notify_db: Database,
) -> None:
    user = someone()
    event = new_event("COMMENT_ON_POST", user, postTitle="Hello", actor_id=someone())
    accepted = await accept_event(notify_db, event, hourly_cap=CAP)
    assert accepted.notification is not None and accepted.notification.category == "social"
    assert await channels(notify_db, event.id) == {"EMAIL"}


async def test_verification_email_is_always_sent_and_never_in_app(notify_db: Database) -> None:
    user = someone()
    await in_transaction(
        notify_db,
        lambda s: update_preferences(s, user, {"in_app": False, "email": False, "push": False}),
    )
    event = new_event("EMAIL_VERIFICATION_REQUESTED", user, email="new@example.test", token="t0k")
    accepted = await accept_event(notify_db, event, hourly_cap=CAP)
    assert accepted.outcome == Outcome.DELIVERED and accepted.notification is None
    assert await channels(notify_db, event.id) == {"EMAIL"}
    async with notify_db.session() as session:  # later mail for this user knows the address
        assert await address_of(session, user) == "new@example.test"


async def test_hourly_cap_of_100_per_user(notify_db: Database) -> None:
    user, other = someone(), someone()
    outcomes = [
        (await accept_event(notify_db, new_event("MEMBER_JOINED", user), hourly_cap=CAP)).outcome
        for _ in range(CAP + 2)
    ]
    assert outcomes == [Outcome.DELIVERED] * CAP + [Outcome.CAPPED] * 2
    # Over the cap the in-app notifications are still stored; email and push are suppressed
    # and counted.
    assert await count(notify_db, Notification, recipient_id=user) == CAP + 2
    assert await count(notify_db, Delivery, recipient_id=user) == CAP
    async with notify_db.session() as session:
        assert await capped_count(session, user) == 2
    # The cap is per user, and the verification email is never capped.
    other_event = new_event("MEMBER_JOINED", other)
    assert (await accept_event(notify_db, other_event, hourly_cap=CAP)).outcome == Outcome.DELIVERED
    verification = new_event("EMAIL_VERIFICATION_REQUESTED", user, email="a@example.test")
    assert (
        await accept_event(notify_db, verification, hourly_cap=CAP)
    ).outcome == Outcome.DELIVERED
    assert await channels(notify_db, verification.id) == {"EMAIL"}


async def test_unknown_kind_is_recorded_and_ignored(notify_db: Database) -> None:
    user = someone()
    event = new_event("SOMETHING_NEW", user)
    assert (await accept_event(notify_db, event, hourly_cap=CAP)).outcome == Outcome.UNKNOWN_KIND
    assert await count(notify_db, Notification, recipient_id=user) == 0
    assert await count(notify_db, ReceivedEvent, event_id=event.id) == 1


async def test_read_notifications_older_than_90_days_are_cleaned_up(notify_db: Database) -> None:
    user = someone()
    ids = []
    for _ in range(4):
        accepted = await accept_event(notify_db, new_event("ORDER_PLACED", user), hourly_cap=CAP)
        assert accepted.notification is not None
        ids.append(accepted.notification.id)
    old_read, recent_read, old_unread, fresh = ids
    async with notify_db.session() as session, session.begin():
        for notification_id, read_days_ago, created_days_ago in [
            (old_read, 91, 100),
            (recent_read, 89, 100),
            (old_unread, None, 100),
        ]:
            await session.execute(
                update(Notification)
                .where(Notification.id == notification_id)
                .values(
                    created_at=func.now() - dt.timedelta(days=created_days_ago),
                    read_at=None
                    if read_days_ago is None
                    else func.now() - dt.timedelta(days=read_days_ago),
                )
            )
    async with notify_db.session() as session, session.begin():
        assert await delete_old_read(session, dt.timedelta(days=90)) >= 1
    async with notify_db.session() as session:
        left = set(
            (
                await session.execute(
                    select(Notification.id).where(Notification.recipient_id == user)
                )
            ).scalars()
        )
    assert left == {recent_read, old_unread, fresh}


async def test_the_scheduled_cleanup_task(notify_db: Database) -> None:
    from pipeline.worker import app, cleanup_notifications

    user = someone()
    accepted = await accept_event(notify_db, new_event("ORDER_PLACED", user), hourly_cap=CAP)
    assert accepted.notification is not None
    async with notify_db.session() as session, session.begin():
        await session.execute(
            update(Notification)
            .where(Notification.id == accepted.notification.id)
            .values(read_at=func.now() - dt.timedelta(days=120))
        )
    schedule = app.conf.beat_schedule["cleanup-read-notifications"]
    assert schedule["task"] == cleanup_notifications.name
    # The task body as the worker runs it (its own loop and connections, in another thread).
    result = await asyncio.to_thread(lambda: cleanup_notifications.apply().get(timeout=30))
    assert result >= 1
    assert await count(notify_db, Notification, recipient_id=user) == 0
