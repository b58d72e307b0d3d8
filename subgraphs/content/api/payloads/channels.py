"""Payloads of the channel and member mutations."""

from __future__ import annotations

import uuid

import strawberry

from subgraphs.content import models
from subgraphs.content.api.types.entities import Channel, ChannelMember
from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError


@strawberry.type
class ChannelPayload:
    channel: Channel | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])

    @classmethod
    def of(cls, row: models.Channel | None, errors: list[UserError]) -> ChannelPayload:
        return cls(channel=None if row is None else Channel.from_row(row), errors=errors)


@strawberry.type
class DeleteChannelPayload:
    deleted_channel_id: strawberry.ID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])

    @classmethod
    def of(cls, deleted: uuid.UUID | None, errors: list[UserError]) -> DeleteChannelPayload:
        gone = None if deleted is None else strawberry.ID(str(deleted))
        return cls(deleted_channel_id=gone, errors=errors)


@strawberry.type
class ChannelMemberPayload:
    channel: Channel | None = None
    member: ChannelMember | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])

    @classmethod
    def of(
        cls, rows: tuple[models.Channel, models.ChannelMember] | None, errors: list[UserError]
    ) -> ChannelMemberPayload:
        if rows is None:
            return cls(errors=errors)
        channel, member = rows
        return cls(channel=Channel.from_row(channel), member=ChannelMember.from_row(member))
