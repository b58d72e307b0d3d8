"""Inputs of the channel and member mutations."""

from __future__ import annotations

import strawberry

from subgraphs.content.api.types.entities import ChannelRole
from subgraphs.kit.update_inputs import update_input


@strawberry.input
class CreateChannelInput:
    name: str
    description: str | None = None


@update_input(CreateChannelInput)
class UpdateChannelInput:
    id: strawberry.ID


@strawberry.input
class SetMemberRoleInput:
    channel_id: strawberry.ID
    user_id: strawberry.ID
    role: ChannelRole


@strawberry.input
class ChannelMemberInput:
    channel_id: strawberry.ID
    user_id: strawberry.ID
