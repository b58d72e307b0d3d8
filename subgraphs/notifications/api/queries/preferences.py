"""The signed-in user's notification preferences (the defaults until they change one)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from subgraphs.kit.context import ctx
from subgraphs.notifications.api.types.preferences import NotificationPreferences


@strawberry.type
class PreferenceQueries:
    @strawberry.field
    async def notification_preferences(self, info: Info[Any, Any]) -> NotificationPreferences:
        context = ctx(info)
        user_id = context.require_user().user_id
        preferences = await context.loaders.preferences.load(user_id)
        return NotificationPreferences.from_preferences(preferences)
