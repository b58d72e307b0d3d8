"""Write operations of the notifications subgraph; rules live in `service`, `preferences`,
`devices`. Changes to the unread count are published live to the user's other sessions."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.kit.context import RequestContext, ctx
from subgraphs.kit.errors import DomainError
from subgraphs.kit.transactions import attempt
from subgraphs.notifications import devices, service
from subgraphs.notifications.codes import Code
from subgraphs.notifications.models import Notification as NotificationRow
from subgraphs.notifications.models import PushDevice as PushDeviceRow
from subgraphs.notifications.preferences import Preferences, update_preferences
from subgraphs.notifications.types import (
    DeleteNotificationPayload,
    MarkAllNotificationsReadPayload,
    Notification,
    NotificationPayload,
    NotificationPreferences,
    NotificationPreferencesPayload,
    PushDevice,
    PushDevicePayload,
    PushPlatform,
    UnregisterPushDevicePayload,
    UpdateNotificationPreferencesInput,
)


async def _announce_unread(context: RequestContext[Any], user_id: str, count: int) -> None:
    await context.loaders.feed.publish_unread_count(user_id, count)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Idempotent: a read notification keeps its readAt.")
    async def mark_notification_read(
        self, info: Info[Any, Any], id: strawberry.ID
    ) -> NotificationPayload:
        context = ctx(info)
        user_id = context.require_user().user_id

        async def work(session: AsyncSession) -> tuple[NotificationRow, int]:
            row = await service.mark_read(session, user_id, id)
            return row, await service.unread_count(session, user_id)

        result, errors = await attempt(context.db, work)
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

        async def work(session: AsyncSession) -> tuple[int, int]:
            marked = await service.mark_all_read(session, user_id)
            return marked, await service.unread_count(session, user_id)

        result, errors = await attempt(context.db, work)
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

        async def work(session: AsyncSession) -> tuple[str, int]:
            deleted = await service.delete_notification(session, user_id, id)
            return str(deleted), await service.unread_count(session, user_id)

        result, errors = await attempt(context.db, work)
        if result is None:
            return DeleteNotificationPayload(errors=errors)
        deleted, count = result
        await _announce_unread(context, user_id, count)
        return DeleteNotificationPayload(deleted_id=strawberry.ID(deleted))

    @strawberry.mutation(description="Fields left out keep their value.")
    async def update_notification_preferences(
        self, info: Info[Any, Any], input: UpdateNotificationPreferencesInput
    ) -> NotificationPreferencesPayload:
        context = ctx(info)
        user_id = context.require_user().user_id
        changes: dict[str, bool] = {}
        for name, value in vars(input).items():
            if value is strawberry.UNSET:
                continue
            if value is None:
                error = DomainError(
                    Code.INVALID_VALUE, "Use true or false, not null.", _camel(name)
                )
                return NotificationPreferencesPayload(errors=[error.to_user_error()])
            changes[name] = bool(value)

        async def work(session: AsyncSession) -> Preferences:
            return await update_preferences(session, user_id, changes)

        preferences, errors = await attempt(context.db, work)
        if preferences is None:
            return NotificationPreferencesPayload(errors=errors)
        return NotificationPreferencesPayload(
            preferences=NotificationPreferences.from_preferences(preferences)
        )

    @strawberry.mutation(description="Idempotent; a token moves to whoever registers it last.")
    async def register_push_device(
        self, info: Info[Any, Any], token: str, platform: PushPlatform
    ) -> PushDevicePayload:
        context = ctx(info)
        user_id = context.require_user().user_id

        async def work(session: AsyncSession) -> PushDeviceRow:
            return await devices.register_device(session, user_id, token, platform.value)

        row, errors = await attempt(context.db, work)
        if row is None:
            return PushDevicePayload(errors=errors)
        return PushDevicePayload(device=PushDevice.from_row(row))

    @strawberry.mutation(description="Idempotent: `removed` says whether a device went.")
    async def unregister_push_device(
        self, info: Info[Any, Any], token: str
    ) -> UnregisterPushDevicePayload:
        context = ctx(info)
        user_id = context.require_user().user_id

        async def work(session: AsyncSession) -> bool:
            return await devices.unregister_device(session, user_id, token)

        removed, errors = await attempt(context.db, work)
        return UnregisterPushDevicePayload(removed=bool(removed), errors=errors)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
