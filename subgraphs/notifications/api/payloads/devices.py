"""Payloads of registering and unregistering push devices."""

from __future__ import annotations

import strawberry

from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field
from subgraphs.notifications.api.types.devices import PushDevice


@strawberry.type
class PushDevicePayload:
    device: PushDevice | None = None
    errors: list[UserError] = errors_field()


@strawberry.type
class UnregisterPushDevicePayload:
    removed: bool = False
    errors: list[UserError] = errors_field()
