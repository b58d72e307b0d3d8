"""Changing notification preferences: fields left out keep their value."""

from __future__ import annotations

from subgraphs.kit.update_inputs import update_input
from subgraphs.notifications.api.types.preferences import NotificationPreferences


@update_input(NotificationPreferences)
class UpdateNotificationPreferencesInput:
    """Every switch of NotificationPreferences, each optional."""
