"""Mutations on channels (rules/channels.py) and their members (rules/members.py)."""

from __future__ import annotations

import uuid

import strawberry

from subgraphs.content.api.inputs.channels import (
    ChannelMemberInput,
    CreateChannelInput,
    SetMemberRoleInput,
    UpdateChannelInput,
)
from subgraphs.content.api.payloads.channels import (
    ChannelMemberPayload,
    ChannelPayload,
    DeleteChannelPayload,
)
from subgraphs.content.loaders import Info
from subgraphs.content.rules import channels, members
from subgraphs.kit.fields import sent_fields
from subgraphs.kit.ids import existing_id
from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me


def _channel_id(value: object, field: str = "id") -> uuid.UUID:
    return existing_id(value, field, "channel")


def _member(input: SetMemberRoleInput | ChannelMemberInput) -> tuple[uuid.UUID, uuid.UUID]:
    """The channel and the user a member mutation is about."""
    return _channel_id(input.channel_id, "channelId"), existing_id(
        input.user_id, "userId", "member"
    )


@strawberry.mutation(description="Create a channel; you become its OWNER member.")
async def create_channel(info: Info, input: CreateChannelInput) -> ChannelPayload:
    user = me(info)
    return await run_mutation(
        info,
        ChannelPayload,
        lambda s: channels.create_channel(s, user, input.name, input.description),
    )


@strawberry.mutation(description="Owner only; fields left out keep their value.")
async def update_channel(info: Info, input: UpdateChannelInput) -> ChannelPayload:
    user = me(info)
    changes = sent_fields(input, only=("name", "description"))
    return await run_mutation(
        info,
        ChannelPayload,
        lambda s: channels.update_channel(s, user, _channel_id(input.id), changes),
    )


@strawberry.mutation(description="Owner only; removes its posts and comments too.")
async def delete_channel(info: Info, id: strawberry.ID) -> DeleteChannelPayload:
    user = me(info)
    return await run_mutation(
        info, DeleteChannelPayload, lambda s: channels.delete_channel(s, user, _channel_id(id))
    )


@strawberry.mutation(description="Become a MEMBER; joining again changes nothing.")
async def join_channel(info: Info, id: strawberry.ID) -> ChannelPayload:
    user = me(info)
    return await run_mutation(
        info, ChannelPayload, lambda s: members.join_channel(s, user, _channel_id(id))
    )


@strawberry.mutation(description="Any member but the owner.")
async def leave_channel(info: Info, id: strawberry.ID) -> ChannelPayload:
    user = me(info)
    return await run_mutation(
        info, ChannelPayload, lambda s: members.leave_channel(s, user, _channel_id(id))
    )


@strawberry.mutation(
    description="Owner: any role but OWNER; admins: between MODERATOR and MEMBER only."
)
async def set_member_role(info: Info, input: SetMemberRoleInput) -> ChannelMemberPayload:
    user = me(info)
    return await run_mutation(
        info,
        ChannelMemberPayload,
        lambda s: members.set_member_role(s, user, *_member(input), input.role),
    )


@strawberry.mutation(description="Owner: anyone but themselves; admins: moderators and members.")
async def remove_member(info: Info, input: ChannelMemberInput) -> ChannelPayload:
    user = me(info)
    return await run_mutation(
        info, ChannelPayload, lambda s: members.remove_member(s, user, *_member(input))
    )


@strawberry.mutation(description="Owner only; the new owner must be a member, you become ADMIN.")
async def transfer_channel_ownership(info: Info, input: ChannelMemberInput) -> ChannelPayload:
    user = me(info)
    return await run_mutation(
        info, ChannelPayload, lambda s: members.transfer_ownership(s, user, *_member(input))
    )
