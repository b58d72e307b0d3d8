"""Inputs of the channel and member mutations."""

from __future__ import annotations

import strawberry

from subgraphs.content.api.types.entities import ChannelRole


@strawberry.input
class CreateChannelInput:
    name: str
    description: str | None = None


@strawberry.input(description="Fields left out keep their value.")
class UpdateChannelInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET


@strawberry.input
class SetMemberRoleInput:
    channel_id: strawberry.ID
    user_id: strawberry.ID
    role: ChannelRole


@strawberry.input
class ChannelMemberInput:
    channel_id: strawberry.ID
    user_id: strawberry.ID
