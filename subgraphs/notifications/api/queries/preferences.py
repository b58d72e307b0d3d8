"""The signed-in user's notification preferences (the defaults until they change one)."""

from __future__ import annotations

import strawberry

from subgraphs.kit.info import loaders
from subgraphs.notifications.api.types.preferences import NotificationPreferences
from subgraphs.notifications.loaders import Info


@strawberry.field
async def notification_preferences(info: Info) -> NotificationPreferences:
    user_id = info.context.require_user().user_id
    preferences = await loaders(info).preferences.load(user_id)
    return NotificationPreferences.from_preferences(preferences)
