"""Payloads of the channel and member mutations."""

from __future__ import annotations

import strawberry

from subgraphs.content.api.types.entities import Channel, ChannelMember
from subgraphs.kit.payloads import Payload


class ChannelPayload(Payload):
    channel: Channel | None = None


class DeleteChannelPayload(Payload):
    deleted_channel_id: strawberry.ID | None = None


class ChannelMemberPayload(Payload):
    channel: Channel | None = None
    member: ChannelMember | None = None
