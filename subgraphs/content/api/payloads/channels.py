"""Payloads of the channel and member mutations; `of` builds each from what its rule returned."""

from __future__ import annotations

import uuid

import strawberry

from subgraphs.content import models
from subgraphs.content.api.types.entities import Channel, ChannelMember
from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field


@strawberry.type
class ChannelPayload:
    channel: Channel | None = None
    errors: list[UserError] = errors_field()

    @classmethod
    def of(cls, row: models.Channel) -> ChannelPayload:
        return cls(channel=Channel.from_row(row))


@strawberry.type
class DeleteChannelPayload:
    deleted_channel_id: strawberry.ID | None = None
    errors: list[UserError] = errors_field()

    @classmethod
    def of(cls, deleted: uuid.UUID) -> DeleteChannelPayload:
        return cls(deleted_channel_id=strawberry.ID(str(deleted)))


@strawberry.type
class ChannelMemberPayload:
    channel: Channel | None = None
    member: ChannelMember | None = None
    errors: list[UserError] = errors_field()

    @classmethod
    def of(cls, rows: tuple[models.Channel, models.ChannelMember]) -> ChannelMemberPayload:
        channel, member = rows
        return cls(channel=Channel.from_row(channel), member=ChannelMember.from_row(member))
