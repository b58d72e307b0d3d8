"""Registering the signed-in user's push devices, and forgetting them."""

from __future__ import annotations

import strawberry

from subgraphs.kit.mutations import run_mutation
from subgraphs.notifications.api.payloads.devices import (
    PushDevicePayload,
    UnregisterPushDevicePayload,
)
from subgraphs.notifications.loaders import Info
from subgraphs.notifications.models import Platform
from subgraphs.notifications.rules import devices


@strawberry.mutation(description="Idempotent; a token moves to whoever registers it last.")
async def register_push_device(info: Info, token: str, platform: Platform) -> PushDevicePayload:
    user_id = info.context.require_user().user_id
    return await run_mutation(
        info,
        PushDevicePayload,
        lambda session: devices.register_device(session, user_id, token, platform),
    )


@strawberry.mutation(description="Idempotent: `removed` says whether a device went.")
async def unregister_push_device(info: Info, token: str) -> UnregisterPushDevicePayload:
    user_id = info.context.require_user().user_id
    return await run_mutation(
        info,
        UnregisterPushDevicePayload,
        lambda session: devices.unregister_device(session, user_id, token),
    )
