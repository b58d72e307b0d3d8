"""Strawberry types of the notifications subgraph: thin views over rows and live messages."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Awaitable, Callable

import strawberry

from subgraphs.kit.connections import Edge, PageInfo
from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError
from subgraphs.kit.scalars import JSON
from subgraphs.notifications import models
from subgraphs.notifications.live import LiveNotification
from subgraphs.notifications.preferences import Preferences


@strawberry.federation.type(keys=["id"], description="A person (owned by the users subgraph).")
class User:
    id: strawberry.ID


@strawberry.type(description="Something that happened that concerns the signed-in user.")
class Notification:
    id: strawberry.ID
    kind: str = strawberry.field(description="The event's name, e.g. ORDER_PLACED.")
    title: str
    body: str
    data: JSON = strawberry.field(description="The event's own data (ids, titles, ...).")
    read_at: dt.datetime | None
    created_at: dt.datetime
    _actor_id: strawberry.Private[str | None]

    @strawberry.field(description="Who caused it; null for system events.")
    def actor(self) -> User | None:
        return None if self._actor_id is None else User(id=strawberry.ID(self._actor_id))

    @classmethod
    def from_live(cls, live: LiveNotification) -> Notification:
        return cls(
            id=strawberry.ID(live.id),
            kind=live.kind,
            title=live.title,
            body=live.body,
            data=JSON(live.data),
            read_at=live.read_at,
            created_at=live.created_at,
            _actor_id=live.actor_id,
        )

    @classmethod
    def from_row(cls, row: models.Notification) -> Notification:
        return cls.from_live(LiveNotification.from_row(row))


@strawberry.type
class NotificationConnection:
    edges: list[Edge[Notification]]
    page_info: PageInfo
    _count: strawberry.Private[Callable[[], Awaitable[int]]]
    _unread: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many notifications the whole list holds.")
    async def total_count(self) -> int:
        return await self._count()

    @strawberry.field(description="How many of the user's notifications are unread.")
    async def unread_count(self) -> int:
        return await self._unread()


@strawberry.type(description="Which notifications reach the user, and how.")
class NotificationPreferences:
    in_app: bool
    email: bool
    push: bool
    orders: bool
    reviews: bool
    messages: bool
    social: bool
    marketing: bool

    @classmethod
    def from_preferences(cls, preferences: Preferences) -> NotificationPreferences:
        return cls(**preferences.__dict__)


@strawberry.input(description="Fields left out keep their value.")
class UpdateNotificationPreferencesInput:
    in_app: bool | None = strawberry.UNSET
    email: bool | None = strawberry.UNSET
    push: bool | None = strawberry.UNSET
    orders: bool | None = strawberry.UNSET
    reviews: bool | None = strawberry.UNSET
    messages: bool | None = strawberry.UNSET
    social: bool | None = strawberry.UNSET
    marketing: bool | None = strawberry.UNSET


@strawberry.enum
class PushPlatform(enum.Enum):
    IOS = "IOS"
    ANDROID = "ANDROID"
    WEB = "WEB"


@strawberry.type
class PushDevice:
    id: strawberry.ID
    platform: PushPlatform
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: models.PushDevice) -> PushDevice:
        return cls(
            id=strawberry.ID(str(row.id)),
            platform=PushPlatform(row.platform),
            created_at=row.created_at,
        )


@strawberry.type
class NotificationPayload:
    notification: Notification | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class MarkAllNotificationsReadPayload:
    marked_count: int = 0
    unread_count: int = 0
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class DeleteNotificationPayload:
    deleted_id: strawberry.ID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class NotificationPreferencesPayload:
    preferences: NotificationPreferences | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class PushDevicePayload:
    device: PushDevice | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class UnregisterPushDevicePayload:
    removed: bool = False
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])
