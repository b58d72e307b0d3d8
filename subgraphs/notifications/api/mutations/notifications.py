"""Reading and deleting the signed-in user's notifications. Each change of the unread count
is published live to the user's other sessions (`unreadCountChanged`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.info import loaders
from subgraphs.kit.mutations import PayloadClass, run_mutation
from subgraphs.notifications.api.payloads.notifications import (
    DeleteNotificationPayload,
    MarkAllNotificationsReadPayload,
    NotificationPayload,
)
from subgraphs.notifications.loaders import Info
from subgraphs.notifications.rules import notifications

Changed = TypeVar("Changed")
P = TypeVar("P")


async def _changing_unread(
    info: Info,
    payload: PayloadClass[Any, P],
    change: Callable[[AsyncSession, str], Awaitable[Changed]],
    *,
    build: Callable[[Changed, int], P] | None = None,
    moved: Callable[[Changed], bool] = lambda _: True,
) -> P:
    """The payload of the signed-in user's `change`: `payload.of(changed)`, or `build` of what
    it changed and the unread count after it (read in the same transaction); once committed,
    the count goes live to the user's other sessions (unless `moved` says the change left it
    as it was)."""
    user_id = info.context.require_user().user_id

    async def work(session: AsyncSession) -> tuple[Changed, int]:
        changed = await change(session, user_id)
        return changed, await notifications.unread_count(session, user_id)

    async def publish_then_build(result: tuple[Changed, int]) -> P:
        changed, count = result
        if moved(changed):
            await loaders(info).feed.publish_unread_count(user_id, count)
        return payload.of(changed) if build is None else build(changed, count)

    return await run_mutation(info, payload, work, build=publish_then_build)


@strawberry.mutation(description="Idempotent: a read notification keeps its readAt.")
async def mark_notification_read(info: Info, id: strawberry.ID) -> NotificationPayload:
    return await _changing_unread(
        info,
        NotificationPayload,
        lambda session, user_id: notifications.mark_read(session, user_id, id),
    )


@strawberry.mutation
async def mark_all_notifications_read(info: Info) -> MarkAllNotificationsReadPayload:
    return await _changing_unread(
        info,
        MarkAllNotificationsReadPayload,
        notifications.mark_all_read,
        build=lambda marked, count: MarkAllNotificationsReadPayload(
            marked_count=marked, unread_count=count
        ),
        moved=bool,
    )


@strawberry.mutation
async def delete_notification(info: Info, id: strawberry.ID) -> DeleteNotificationPayload:
    return await _changing_unread(
        info,
        DeleteNotificationPayload,
        lambda session, user_id: notifications.delete_notification(session, user_id, id),
    )
