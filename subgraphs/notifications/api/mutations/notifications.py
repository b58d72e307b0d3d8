"""Reading and deleting the signed-in user's notifications. Each change of the unread count
is published live to the user's other sessions (`unreadCountChanged`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.kit.context import ctx
from subgraphs.kit.errors import UserError
from subgraphs.kit.transactions import attempt
from subgraphs.notifications.api.payloads.notifications import (
    DeleteNotificationPayload,
    MarkAllNotificationsReadPayload,
    NotificationPayload,
)
from subgraphs.notifications.api.types.notifications import Notification
from subgraphs.notifications.rules import notifications

Changed = TypeVar("Changed")


async def _changing_unread(
    info: Info[Any, Any],
    change: Callable[[AsyncSession, str], Awaitable[Changed]],
    *,
    moved: Callable[[Changed], bool] = lambda _: True,
) -> tuple[tuple[Changed, int] | None, list[UserError]]:
    """The signed-in user's `change`, with the unread count after it read in the same
    transaction; once committed, the count goes live to the user's other sessions (unless
    `moved` says the change left it as it was)."""
    context = ctx(info)
    user_id = context.require_user().user_id

    async def work(session: AsyncSession) -> tuple[Changed, int]:
        changed = await change(session, user_id)
        return changed, await notifications.unread_count(session, user_id)

    result, errors = await attempt(context.db, work)
    if result is not None and moved(result[0]):
        await context.loaders.feed.publish_unread_count(user_id, result[1])
    return result, errors


@strawberry.type
class NotificationMutations:
    @strawberry.mutation(description="Idempotent: a read notification keeps its readAt.")
    async def mark_notification_read(
        self, info: Info[Any, Any], id: strawberry.ID
    ) -> NotificationPayload:
        result, errors = await _changing_unread(
            info, lambda session, user_id: notifications.mark_read(session, user_id, id)
        )
        if result is None:
            return NotificationPayload(errors=errors)
        return NotificationPayload(notification=Notification.from_row(result[0]))

    @strawberry.mutation
    async def mark_all_notifications_read(
        self, info: Info[Any, Any]
    ) -> MarkAllNotificationsReadPayload:
        result, errors = await _changing_unread(info, notifications.mark_all_read, moved=bool)
        if result is None:
            return MarkAllNotificationsReadPayload(errors=errors)
        marked, count = result
        return MarkAllNotificationsReadPayload(marked_count=marked, unread_count=count)

    @strawberry.mutation
    async def delete_notification(
        self, info: Info[Any, Any], id: strawberry.ID
    ) -> DeleteNotificationPayload:
        result, errors = await _changing_unread(
            info, lambda session, user_id: notifications.delete_notification(session, user_id, id)
        )
        if result is None:
            return DeleteNotificationPayload(errors=errors)
        return DeleteNotificationPayload(deleted_id=strawberry.ID(str(result[0])))
