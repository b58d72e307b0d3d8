"""The payload of changing notification preferences."""

from __future__ import annotations

import strawberry

from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field
from subgraphs.notifications.api.types.preferences import NotificationPreferences


@strawberry.type
class NotificationPreferencesPayload:
    preferences: NotificationPreferences | None = None
    errors: list[UserError] = errors_field()
