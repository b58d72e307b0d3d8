"""Changing notification preferences; a field set to null is refused, not cleared."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from subgraphs.kit.context import ctx
from subgraphs.kit.errors import DomainError
from subgraphs.kit.transactions import attempt
from subgraphs.notifications.api.inputs.preferences import UpdateNotificationPreferencesInput
from subgraphs.notifications.api.payloads.preferences import NotificationPreferencesPayload
from subgraphs.notifications.api.types.preferences import NotificationPreferences
from subgraphs.notifications.codes import Code
from subgraphs.notifications.rules.preferences import Preferences, update_preferences


@strawberry.type
class PreferenceMutations:
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
                    Code.INVALID_VALUE, "Use true or false, not null.", to_camel_case(name)
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
