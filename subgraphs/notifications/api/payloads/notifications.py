"""Payloads of the mutations on the user's notifications."""

from __future__ import annotations

import strawberry

from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field
from subgraphs.notifications.api.types.notifications import Notification


@strawberry.type
class NotificationPayload:
    notification: Notification | None = None
    errors: list[UserError] = errors_field()


@strawberry.type
class MarkAllNotificationsReadPayload:
    marked_count: int = 0
    unread_count: int = 0
    errors: list[UserError] = errors_field()


@strawberry.type
class DeleteNotificationPayload:
    deleted_id: strawberry.ID | None = None
    errors: list[UserError] = errors_field()
