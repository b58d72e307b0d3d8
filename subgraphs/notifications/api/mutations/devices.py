"""Registering the signed-in user's push devices, and forgetting them."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.kit.context import ctx
from subgraphs.kit.transactions import attempt
from subgraphs.notifications.api.payloads.devices import (
    PushDevicePayload,
    UnregisterPushDevicePayload,
)
from subgraphs.notifications.api.types.devices import PushDevice
from subgraphs.notifications.models import Platform
from subgraphs.notifications.models import PushDevice as PushDeviceRow
from subgraphs.notifications.rules import devices


@strawberry.type
class DeviceMutations:
    @strawberry.mutation(description="Idempotent; a token moves to whoever registers it last.")
    async def register_push_device(
        self, info: Info[Any, Any], token: str, platform: Platform
    ) -> PushDevicePayload:
        context = ctx(info)
        user_id = context.require_user().user_id

        async def work(session: AsyncSession) -> PushDeviceRow:
            return await devices.register_device(session, user_id, token, platform)

        row, errors = await attempt(context.db, work)
        if row is None:
            return PushDevicePayload(errors=errors)
        return PushDevicePayload(device=PushDevice.from_row(row))

    @strawberry.mutation(description="Idempotent: `removed` says whether a device went.")
    async def unregister_push_device(
        self, info: Info[Any, Any], token: str
    ) -> UnregisterPushDevicePayload:
        context = ctx(info)
        user_id = context.require_user().user_id

        async def work(session: AsyncSession) -> bool:
            return await devices.unregister_device(session, user_id, token)

        removed, errors = await attempt(context.db, work)
        return UnregisterPushDevicePayload(removed=bool(removed), errors=errors)
