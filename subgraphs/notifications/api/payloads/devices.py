"""Payloads of registering and unregistering push devices."""

from __future__ import annotations

import strawberry

from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError
from subgraphs.notifications.api.types.devices import PushDevice


@strawberry.type
class PushDevicePayload:
    device: PushDevice | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class UnregisterPushDevicePayload:
    removed: bool = False
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])
