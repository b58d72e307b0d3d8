"""The payload of changing notification preferences."""

from __future__ import annotations

import strawberry

from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError
from subgraphs.notifications.api.types.preferences import NotificationPreferences


@strawberry.type
class NotificationPreferencesPayload:
    preferences: NotificationPreferences | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])
