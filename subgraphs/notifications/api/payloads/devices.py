"""Payloads of registering and unregistering push devices."""

from __future__ import annotations

from subgraphs.kit.payloads import Payload
from subgraphs.notifications.api.types.devices import PushDevice


class PushDevicePayload(Payload):
    device: PushDevice | None = None


class UnregisterPushDevicePayload(Payload):
    removed: bool = False
