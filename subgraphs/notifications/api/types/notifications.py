"""Notifications as GraphQL shows them: one type over stored rows and live messages alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import strawberry

from subgraphs.kit.connections import Edge, PageInfo
from subgraphs.kit.payloads import from_row
from subgraphs.kit.scalars import JSON
from subgraphs.notifications import models
from subgraphs.notifications.api.types.users import User
from subgraphs.notifications.rules.live import LiveNotification


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
    def from_row(cls, row: models.Notification | LiveNotification) -> Notification:
        """From a stored row or a live message: both name their fields as this type does."""
        return from_row(cls, row)


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
