"""A user's notifications: read state, deletion, unread count, housekeeping."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.ids import existing_id
from subgraphs.notifications.models import Notification, ReceivedEvent


def parse_id(value: object, field: str = "id") -> uuid.UUID:
    return existing_id(value, field, "notification")


async def unread_count(session: AsyncSession, user_id: str) -> int:
    statement = select(func.count()).where(
        Notification.recipient_id == user_id, Notification.read_at.is_(None)
    )
    return int((await session.execute(statement)).scalar_one())


async def mark_read(session: AsyncSession, user_id: str, notification_id: object) -> Notification:
    """Idempotent: reading a read notification keeps its first `readAt`."""
    parsed = parse_id(notification_id)
    row = (
        await session.execute(
            update(Notification)
            .where(Notification.id == parsed, Notification.recipient_id == user_id)
            .values(read_at=func.coalesce(Notification.read_at, func.now()))
            .returning(Notification)
        )
    ).scalar_one_or_none()
    if row is None:  # someone else's looks the same as none: ids are not probeable
        raise DomainError(Code.NOT_FOUND, "No such notification.", "id")
    return row


async def mark_all_read(session: AsyncSession, user_id: str) -> int:
    result = await session.execute(
        update(Notification)
        .where(Notification.recipient_id == user_id, Notification.read_at.is_(None))
        .values(read_at=func.now())
        .returning(Notification.id)
    )
    return len(result.all())


async def delete_notification(
    session: AsyncSession, user_id: str, notification_id: object
) -> uuid.UUID:
    parsed = parse_id(notification_id)
    deleted = (
        await session.execute(
            delete(Notification)
            .where(Notification.id == parsed, Notification.recipient_id == user_id)
            .returning(Notification.id)
        )
    ).scalar_one_or_none()
    if deleted is None:
        raise DomainError(Code.NOT_FOUND, "No such notification.", "id")
    return deleted


async def delete_old_read(session: AsyncSession, older_than: dt.timedelta) -> int:
    """Housekeeping: read notifications (and the event ledger) past retention go."""
    cutoff = func.now() - older_than
    notifications = await session.execute(
        delete(Notification)
        .where(Notification.read_at.is_not(None), Notification.read_at < cutoff)
        .returning(Notification.id)
    )
    # The ledger only guards against redelivery, which never comes this late.
    await session.execute(delete(ReceivedEvent).where(ReceivedEvent.received_at < cutoff))
    return len(notifications.all())
