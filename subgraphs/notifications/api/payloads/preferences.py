"""The payload of changing notification preferences."""

from __future__ import annotations

from subgraphs.kit.payloads import Payload
from subgraphs.notifications.api.types.preferences import NotificationPreferences
from subgraphs.notifications.rules.preferences import Preferences


class NotificationPreferencesPayload(Payload):
    preferences: NotificationPreferences | None = None

    @classmethod
    def of(cls, preferences: Preferences) -> NotificationPreferencesPayload:
        return cls(preferences=NotificationPreferences.from_preferences(preferences))
