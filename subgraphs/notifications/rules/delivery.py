"""Turning one event into a notification, live message and email/push deliveries (worker side).

`accept_event` is idempotent by event id: the first call decides (preferences, hourly cap) and
stores, under a per-recipient lock; any later call for the same event (a redelivery) finds the
ledger row and only reports what is still to do (an unpublished notification, unsent
deliveries), so a worker killed half-way finishes the job without duplicating it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.database import Database
from subgraphs.kit.outbox import OutboxEvent
from subgraphs.notifications.models import (
    Channel,
    ContactAddress,
    Delivery,
    DeliveryStatus,
    Notification,
    Outcome,
    PushDevice,
    ReceivedEvent,
)
from subgraphs.notifications.rules import live
from subgraphs.notifications.rules.catalogue import Kind, kind_of
from subgraphs.notifications.rules.notifications import unread_count
from subgraphs.notifications.rules.preferences import load_preferences

CAP_WINDOW = dt.timedelta(hours=1)


@dataclass
class Accepted:
    outcome: Outcome
    notification: Notification | None = None
    # (delivery id, channel) still PENDING: to be handed to the email / push tasks.
    pending: list[tuple[uuid.UUID, Channel]] = field(default_factory=list)


def _about(event: OutboxEvent) -> dict[str, Any]:
    """The columns every row made of an event starts with: which event, for whom, what kind."""
    return {"event_id": event.id, "recipient_id": event.recipient_id, "kind": event.kind}


async def accept_event(db: Database, event: OutboxEvent, *, hourly_cap: int) -> Accepted:
    async with db.session() as session, session.begin():
        # One recipient's events are decided one at a time: the cap count stays exact.
        await session.execute(
            select(func.pg_advisory_xact_lock(func.hashtextextended(event.recipient_id, 0)))
        )
        ledger = await session.get(ReceivedEvent, event.id)
        if ledger is None:  # decided now: what was stored is known without reading it back
            return await _decide(session, event, hourly_cap)
        notification = await _notification_of(session, event)
        pending = await session.execute(
            select(Delivery.id, Delivery.channel).where(
                Delivery.event_id == event.id, Delivery.status == DeliveryStatus.PENDING
            )
        )
        return Accepted(ledger.outcome, notification, [(row.id, row.channel) for row in pending])


async def _notification_of(session: AsyncSession, event: OutboxEvent) -> Notification | None:
    statement = select(Notification).where(Notification.event_id == event.id)
    return (await session.execute(statement)).scalar_one_or_none()


async def _decide(session: AsyncSession, event: OutboxEvent, hourly_cap: int) -> Accepted:
    kind = kind_of(event.kind)
    counts_to_cap = kind is not None and not kind.email_only
    accepted = (
        Accepted(Outcome.UNKNOWN_KIND)
        if kind is None
        else await _deliver(session, event, kind, hourly_cap)
    )
    await session.execute(
        insert(ReceivedEvent)
        .values(
            **_about(event),
            source=event.source,
            outcome=accepted.outcome,
            counts_to_cap=counts_to_cap,
        )
        .on_conflict_do_nothing()
    )
    return accepted


async def _deliver(
    session: AsyncSession, event: OutboxEvent, kind: Kind, hourly_cap: int
) -> Accepted:
    """Stores what the event becomes; returns it (the notification and the deliveries to
    send, from the INSERTs' RETURNING)."""
    await _learn_address(session, event)
    title, body = kind.render(event.data)
    payload = {"title": title, "body": body, "data": event.data, "actorId": event.actor_id}
    if kind.email_only:  # e.g. the verification email: always sent, not capped
        pending = await _add_deliveries(session, event, [Channel.EMAIL], payload)
        return Accepted(Outcome.DELIVERED, None, pending)

    preferences = await load_preferences(session, event.recipient_id)
    if not preferences.allows(kind.category):
        return Accepted(Outcome.MUTED)
    in_app = preferences.in_app
    email = preferences.email
    push = preferences.push and await _has_devices(session, event.recipient_id)
    if not (in_app or email or push):
        return Accepted(Outcome.MUTED)
    # Over the hourly cap the in-app notification is still stored; only email and push are
    # suppressed, and the event's ledger row records it (outcome CAPPED: the count of
    # suppressions is `received_events` rows with that outcome).
    capped = (email or push) and await _recent_count(session, event.recipient_id) >= hourly_cap

    notification = None
    if in_app:
        stored = await session.execute(
            insert(Notification)
            .values(
                **_about(event),
                category=kind.category,
                title=title[:200],
                body=body[:1000],
                data=event.data,
                actor_id=event.actor_id,
                created_at=event.occurred_at or func.now(),
            )
            .on_conflict_do_nothing(index_elements=[Notification.event_id])
            .returning(Notification)
        )
        notification = stored.scalar_one_or_none() or await _notification_of(session, event)
    if capped:
        return Accepted(Outcome.CAPPED, notification)
    channels = [channel for channel, on in ((Channel.EMAIL, email), (Channel.PUSH, push)) if on]
    pending = await _add_deliveries(session, event, channels, payload)
    return Accepted(Outcome.DELIVERED, notification, pending)


async def _add_deliveries(
    session: AsyncSession, event: OutboxEvent, channels: list[Channel], payload: dict[str, Any]
) -> list[tuple[uuid.UUID, Channel]]:
    """PENDING deliveries of the event on `channels`, in one INSERT; those it wrote."""
    if not channels:
        return []
    added = await session.execute(
        insert(Delivery)
        .values([{**_about(event), "channel": channel, "payload": payload} for channel in channels])
        .on_conflict_do_nothing(constraint="uq_deliveries_event_id_channel")
        .returning(Delivery.id, Delivery.channel)
    )
    return [(row.id, row.channel) for row in added]


async def _learn_address(session: AsyncSession, event: OutboxEvent) -> None:
    # The verification email carries the address; keep it for the recipient's later mail.
    email = event.data.get("recipientEmail") or (
        event.data.get("email") if event.kind == "EMAIL_VERIFICATION_REQUESTED" else None
    )
    if not isinstance(email, str) or "@" not in email:
        return
    await session.execute(
        insert(ContactAddress)
        .values(user_id=event.recipient_id, email=email)
        .on_conflict_do_update(
            index_elements=[ContactAddress.user_id],
            set_={"email": email, "updated_at": func.now()},
        )
    )


async def _has_devices(session: AsyncSession, user_id: str) -> bool:
    found = await session.execute(select(PushDevice.id).where(PushDevice.user_id == user_id))
    return found.first() is not None


async def capped_count(session: AsyncSession, user_id: str) -> int:
    """How many of a user's events had their email and push suppressed by the hourly cap."""
    statement = select(func.count()).where(
        ReceivedEvent.recipient_id == user_id, ReceivedEvent.outcome == Outcome.CAPPED
    )
    return int((await session.execute(statement)).scalar_one())


async def _recent_count(session: AsyncSession, user_id: str) -> int:
    statement = select(func.count()).where(
        ReceivedEvent.recipient_id == user_id,
        ReceivedEvent.outcome == Outcome.DELIVERED,
        ReceivedEvent.counts_to_cap.is_(True),
        ReceivedEvent.received_at > func.now() - CAP_WINDOW,
    )
    return int((await session.execute(statement)).scalar_one())


async def publish_if_new(db: Database, redis: Redis, notification: Notification) -> bool:
    """Sends the live message (and the new unread count) unless it already went out."""
    if notification.published_at is not None:
        return False
    async with db.session() as session:
        count = await unread_count(session, notification.recipient_id)
    user_id = notification.recipient_id
    await live.publish_notification(redis, user_id, live.LiveNotification.from_row(notification))
    await live.publish_unread_count(redis, user_id, count)
    async with db.session() as session, session.begin():
        await session.execute(
            update(Notification)
            .where(Notification.id == notification.id)
            .values(published_at=func.now())
        )
    return True


async def address_of(session: AsyncSession, user_id: str) -> str | None:
    row = await session.get(ContactAddress, user_id)
    return None if row is None else row.email
