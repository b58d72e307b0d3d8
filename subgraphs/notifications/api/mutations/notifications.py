"""Reading and deleting the signed-in user's notifications. Each change of the unread count
is published live to the user's other sessions (`unreadCountChanged`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.kit.context import RequestContext, ctx
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


async def _with_unread_count(
    context: RequestContext[Any], user_id: str, change: Callable[[AsyncSession], Awaitable[Changed]]
) -> tuple[tuple[Changed, int] | None, list[UserError]]:
    """The change and the unread count after it, read in the change's transaction."""

    async def work(session: AsyncSession) -> tuple[Changed, int]:
        changed = await change(session)
        return changed, await notifications.unread_count(session, user_id)

    return await attempt(context.db, work)


async def _announce_unread(context: RequestContext[Any], user_id: str, count: int) -> None:
    await context.loaders.feed.publish_unread_count(user_id, count)


@strawberry.type
class NotificationMutations:
    @strawberry.mutation(description="Idempotent: a read notification keeps its readAt.")
    async def mark_notification_read(
        self, info: Info[Any, Any], id: strawberry.ID
    ) -> NotificationPayload:
        context = ctx(info)
        user_id = context.require_user().user_id
        result, errors = await _with_unread_count(
            context, user_id, lambda session: notifications.mark_read(session, user_id, id)
        )
        if result is None:
            return NotificationPayload(errors=errors)
        row, count = result
        await _announce_unread(context, user_id, count)
        return NotificationPayload(notification=Notification.from_row(row))

    @strawberry.mutation
    async def mark_all_notifications_read(
        self, info: Info[Any, Any]
    ) -> MarkAllNotificationsReadPayload:
        context = ctx(info)
        user_id = context.require_user().user_id
        result, errors = await _with_unread_count(
            context, user_id, lambda session: notifications.mark_all_read(session, user_id)
        )
        if result is None:
            return MarkAllNotificationsReadPayload(errors=errors)
        marked, count = result
        if marked:
            await _announce_unread(context, user_id, count)
        return MarkAllNotificationsReadPayload(marked_count=marked, unread_count=count)

    @strawberry.mutation
    async def delete_notification(
        self, info: Info[Any, Any], id: strawberry.ID
    ) -> DeleteNotificationPayload:
        context = ctx(info)
        user_id = context.require_user().user_id
        result, errors = await _with_unread_count(
            context,
            user_id,
            lambda session: notifications.delete_notification(session, user_id, id),
        )
        if result is None:
            return DeleteNotificationPayload(errors=errors)
        deleted, count = result
        await _announce_unread(context, user_id, count)
        return DeleteNotificationPayload(deleted_id=strawberry.ID(str(deleted)))
