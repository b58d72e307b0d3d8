"""Push devices as GraphQL shows them; the platform is the stored enum, exposed once."""

from __future__ import annotations

import datetime as dt

import strawberry

from subgraphs.kit.payloads import from_row
from subgraphs.notifications import models
from subgraphs.notifications.models import Platform

# The stored enum is the GraphQL enum too (registered on the class, so it is annotated as is).
strawberry.enum(Platform, name="PushPlatform")


@strawberry.type
class PushDevice:
    id: strawberry.ID
    platform: Platform
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: models.PushDevice) -> PushDevice:
        return from_row(cls, row)
