"""Mutations on channels and their members."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.content import channels
from subgraphs.content.models import Channel as ChannelRow
from subgraphs.content.models import ChannelMember as MemberRow
from subgraphs.content.mutation_support import changes_of, run
from subgraphs.content.payloads import (
    ChannelMemberInput,
    ChannelMemberPayload,
    ChannelPayload,
    CreateChannelInput,
    DeleteChannelPayload,
    SetMemberRoleInput,
    UpdateChannelInput,
)
from subgraphs.content.types import Channel, ChannelMember
from subgraphs.content.validation import parse_id
from subgraphs.kit.viewer import me


def _channel_payload(row: ChannelRow | None, errors: list[Any]) -> ChannelPayload:
    return ChannelPayload(channel=None if row is None else Channel.from_row(row), errors=errors)


@strawberry.type
class ChannelMutations:
    @strawberry.mutation(description="Create a channel; you become its OWNER member.")
    async def create_channel(
        self, info: Info[Any, Any], input: CreateChannelInput
    ) -> ChannelPayload:
        user = me(info)
        return _channel_payload(
            *await run(
                info, lambda s: channels.create_channel(s, user, input.name, input.description)
            )
        )

    @strawberry.mutation(description="Owner only; fields left out keep their value.")
    async def update_channel(
        self, info: Info[Any, Any], input: UpdateChannelInput
    ) -> ChannelPayload:
        user = me(info)
        changes = changes_of(input, {"name": "name", "description": "description"})

        async def work(session: AsyncSession) -> ChannelRow:
            channel_id = parse_id(input.id, "id", "channel")
            return await channels.update_channel(session, user, channel_id, changes)

        return _channel_payload(*await run(info, work))

    @strawberry.mutation(description="Owner only; removes its posts and comments too.")
    async def delete_channel(self, info: Info[Any, Any], id: strawberry.ID) -> DeleteChannelPayload:
        user = me(info)

        async def work(session: AsyncSession) -> Any:
            return await channels.delete_channel(session, user, parse_id(id, "id", "channel"))

        deleted, errors = await run(info, work)
        return DeleteChannelPayload(
            deleted_channel_id=None if deleted is None else strawberry.ID(str(deleted)),
            errors=errors,
        )

    @strawberry.mutation(description="Become a MEMBER; joining again changes nothing.")
    async def join_channel(self, info: Info[Any, Any], id: strawberry.ID) -> ChannelPayload:
        user = me(info)

        async def work(session: AsyncSession) -> ChannelRow:
            return await channels.join_channel(session, user, parse_id(id, "id", "channel"))

        return _channel_payload(*await run(info, work))

    @strawberry.mutation(description="Any member but the owner.")
    async def leave_channel(self, info: Info[Any, Any], id: strawberry.ID) -> ChannelPayload:
        user = me(info)

        async def work(session: AsyncSession) -> ChannelRow:
            return await channels.leave_channel(session, user, parse_id(id, "id", "channel"))

        return _channel_payload(*await run(info, work))

    @strawberry.mutation(
        description="Owner: any role but OWNER; admins: between MODERATOR and MEMBER only."
    )
    async def set_member_role(
        self, info: Info[Any, Any], input: SetMemberRoleInput
    ) -> ChannelMemberPayload:
        user = me(info)

        async def work(session: AsyncSession) -> tuple[ChannelRow, MemberRow]:
            return await channels.set_member_role(
                session,
                user,
                parse_id(input.channel_id, "channelId", "channel"),
                parse_id(input.user_id, "userId", "member"),
                input.role.value,
            )

        result, errors = await run(info, work)
        if result is None:
            return ChannelMemberPayload(errors=errors)
        channel, member = result
        return ChannelMemberPayload(
            channel=Channel.from_row(channel), member=ChannelMember.from_row(member)
        )

    @strawberry.mutation(
        description="Owner: anyone but themselves; admins: moderators and members."
    )
    async def remove_member(
        self, info: Info[Any, Any], input: ChannelMemberInput
    ) -> ChannelPayload:
        user = me(info)

        async def work(session: AsyncSession) -> ChannelRow:
            return await channels.remove_member(
                session,
                user,
                parse_id(input.channel_id, "channelId", "channel"),
                parse_id(input.user_id, "userId", "member"),
            )

        return _channel_payload(*await run(info, work))

    @strawberry.mutation(
        description="Owner only; the new owner must be a member, you become ADMIN."
    )
    async def transfer_channel_ownership(
        self, info: Info[Any, Any], input: ChannelMemberInput
    ) -> ChannelPayload:
        user = me(info)

        async def work(session: AsyncSession) -> ChannelRow:
            return await channels.transfer_ownership(
                session,
                user,
                parse_id(input.channel_id, "channelId", "channel"),
                parse_id(input.user_id, "userId", "member"),
            )

        return _channel_payload(*await run(info, work))
