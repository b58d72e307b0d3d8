"""Live messages on the recipient's Redis channel: what the worker and the subgraph share.

Each user has one channel (`<prefix>notifications:user:<id>`). Any number of subgraph replicas
listen; any worker publishes. A message is JSON: `{"type": "notification", "notification":
{...}}` or `{"type": "unread_count", "count": n}`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

import orjson
from redis.asyncio import Redis

from subgraphs.kit.redis import redis_key
from subgraphs.notifications.models import Notification
from telemetry import tracing
from telemetry.tracing import PRODUCER

NOTIFICATION = "notification"
UNREAD_COUNT = "unread_count"


def user_channel(user_id: str) -> str:
    return redis_key("notifications", "user", user_id)


@dataclass(frozen=True)
class LiveNotification:
    """A notification as it travels on Redis (and as the subscription yields it)."""

    id: str
    kind: str
    title: str
    body: str
    data: dict[str, Any]
    actor_id: str | None
    read_at: dt.datetime | None
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: Notification) -> LiveNotification:
        # Every field is the row's column of the same name; the id travels as a string.
        columns = {field.name: getattr(row, field.name) for field in fields(cls)}
        return cls(**{**columns, "id": str(row.id)})

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "body": self.body,
            "data": self.data,
            "actorId": self.actor_id,
            "readAt": self.read_at.isoformat() if self.read_at else None,
            "createdAt": self.created_at.isoformat(),
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> LiveNotification:
        read_at = value.get("readAt")
        return cls(
            id=value["id"],
            kind=value["kind"],
            title=value["title"],
            body=value["body"],
            data=value.get("data") or {},
            actor_id=value.get("actorId"),
            read_at=dt.datetime.fromisoformat(read_at) if read_at else None,
            created_at=dt.datetime.fromisoformat(value["createdAt"]),
        )


def encode_notification(notification: LiveNotification) -> bytes:
    return orjson.dumps({"type": NOTIFICATION, "notification": notification.to_json()})


def encode_unread_count(count: int) -> bytes:
    return orjson.dumps({"type": UNREAD_COUNT, "count": count})


def decode(message: bytes | str) -> tuple[str, Any]:
    """(type, value): a LiveNotification or an unread count; ("", None) for anything else."""
    try:
        body = orjson.loads(message)
        if body.get("type") == NOTIFICATION:
            return NOTIFICATION, LiveNotification.from_json(body["notification"])
        if body.get("type") == UNREAD_COUNT:
            return UNREAD_COUNT, int(body["count"])
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        pass
    return "", None


async def publish_notification(redis: Redis, user_id: str, notification: LiveNotification) -> None:
    channel = user_channel(user_id)
    attributes = {
        "messaging.system": "redis",
        "messaging.operation.type": "send",
        "messaging.destination.name": channel,
    }
    with tracing.span("publish notificationReceived", kind=PRODUCER, attributes=attributes):
        await redis.publish(channel, encode_notification(notification))


async def publish_unread_count(redis: Redis, user_id: str, count: int) -> None:
    await redis.publish(user_channel(user_id), encode_unread_count(count))
