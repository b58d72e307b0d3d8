"""Payloads of the mutations on the user's notifications."""

from __future__ import annotations

import strawberry

from subgraphs.kit.payloads import Payload
from subgraphs.notifications.api.types.notifications import Notification


class NotificationPayload(Payload):
    notification: Notification | None = None


class MarkAllNotificationsReadPayload(Payload):
    marked_count: int = 0
    unread_count: int = 0


class DeleteNotificationPayload(Payload):
    deleted_id: strawberry.ID | None = None
