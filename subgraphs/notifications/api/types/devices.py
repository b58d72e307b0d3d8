"""Push devices as GraphQL shows them; the platform is the stored enum, exposed once."""

from __future__ import annotations

import datetime as dt

import strawberry

from subgraphs.kit.payloads import FromRow
from subgraphs.notifications.models import Platform

# The stored enum is the GraphQL enum too (registered on the class, so it is annotated as is).
strawberry.enum(Platform, name="PushPlatform")


@strawberry.type
class PushDevice(FromRow):
    id: strawberry.ID
    platform: Platform
    created_at: dt.datetime
