"""Mutations on channels (rules/channels.py) and their members (rules/members.py)."""

from __future__ import annotations

import uuid
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.content.api.inputs.channels import (
    ChannelMemberInput,
    CreateChannelInput,
    SetMemberRoleInput,
    UpdateChannelInput,
)
from subgraphs.content.api.mutations.runner import changes_of, run
from subgraphs.content.api.payloads.channels import (
    ChannelMemberPayload,
    ChannelPayload,
    DeleteChannelPayload,
)
from subgraphs.content.models import Channel as ChannelRow
from subgraphs.content.models import ChannelMember as MemberRow
from subgraphs.content.rules import channels, members
from subgraphs.content.rules.validation import parse_id
from subgraphs.kit.viewer import me


def _channel_id(value: object, field: str = "id") -> uuid.UUID:
    return parse_id(value, field, "channel")


def _member(input: SetMemberRoleInput | ChannelMemberInput) -> tuple[uuid.UUID, uuid.UUID]:
    """The channel and the user a member mutation is about."""
    return _channel_id(input.channel_id, "channelId"), parse_id(input.user_id, "userId", "member")


@strawberry.type
class ChannelMutations:
    @strawberry.mutation(description="Create a channel; you become its OWNER member.")
    async def create_channel(
        self, info: Info[Any, Any], input: CreateChannelInput
    ) -> ChannelPayload:
        user = me(info)
        return ChannelPayload.of(
            *await run(
                info, lambda s: channels.create_channel(s, user, input.name, input.description)
            )
        )

    @strawberry.mutation(description="Owner only; fields left out keep their value.")
    async def update_channel(
        self, info: Info[Any, Any], input: UpdateChannelInput
    ) -> ChannelPayload:
        user = me(info)
        changes = changes_of(input, ("name", "description"))

        async def work(session: AsyncSession) -> ChannelRow:
            return await channels.update_channel(session, user, _channel_id(input.id), changes)

        return ChannelPayload.of(*await run(info, work))

    @strawberry.mutation(description="Owner only; removes its posts and comments too.")
    async def delete_channel(self, info: Info[Any, Any], id: strawberry.ID) -> DeleteChannelPayload:
        user = me(info)

        async def work(session: AsyncSession) -> uuid.UUID:
            return await channels.delete_channel(session, user, _channel_id(id))

        return DeleteChannelPayload.of(*await run(info, work))

    @strawberry.mutation(description="Become a MEMBER; joining again changes nothing.")
    async def join_channel(self, info: Info[Any, Any], id: strawberry.ID) -> ChannelPayload:
        user = me(info)

        async def work(session: AsyncSession) -> ChannelRow:
            return await members.join_channel(session, user, _channel_id(id))

        return ChannelPayload.of(*await run(info, work))

    @strawberry.mutation(description="Any member but the owner.")
    async def leave_channel(self, info: Info[Any, Any], id: strawberry.ID) -> ChannelPayload:
        user = me(info)

        async def work(session: AsyncSession) -> ChannelRow:
            return await members.leave_channel(session, user, _channel_id(id))

        return ChannelPayload.of(*await run(info, work))

    @strawberry.mutation(
        description="Owner: any role but OWNER; admins: between MODERATOR and MEMBER only."
    )
    async def set_member_role(
        self, info: Info[Any, Any], input: SetMemberRoleInput
    ) -> ChannelMemberPayload:
        user = me(info)

        async def work(session: AsyncSession) -> tuple[ChannelRow, MemberRow]:
            return await members.set_member_role(session, user, *_member(input), input.role)

        return ChannelMemberPayload.of(*await run(info, work))

    @strawberry.mutation(
        description="Owner: anyone but themselves; admins: moderators and members."
    )
    async def remove_member(
        self, info: Info[Any, Any], input: ChannelMemberInput
    ) -> ChannelPayload:
        user = me(info)

        async def work(session: AsyncSession) -> ChannelRow:
            return await members.remove_member(session, user, *_member(input))

        return ChannelPayload.of(*await run(info, work))

    @strawberry.mutation(
        description="Owner only; the new owner must be a member, you become ADMIN."
    )
    async def transfer_channel_ownership(
        self, info: Info[Any, Any], input: ChannelMemberInput
    ) -> ChannelPayload:
        user = me(info)

        async def work(session: AsyncSession) -> ChannelRow:
            return await members.transfer_ownership(session, user, *_member(input))

        return ChannelPayload.of(*await run(info, work))
