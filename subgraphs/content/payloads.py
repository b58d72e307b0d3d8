"""Inputs and payloads of the content mutations (every payload carries `errors`)."""

from __future__ import annotations

import strawberry

from subgraphs.content.types import Channel, ChannelMember, ChannelRole, Comment, Post
from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError


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


@strawberry.input
class CreatePostInput:
    channel_id: strawberry.ID
    title: str
    body: str
    image_url: str | None = None


@strawberry.input(description="Fields left out keep their value; `imageUrl: null` removes it.")
class UpdatePostInput:
    id: strawberry.ID
    title: str | None = strawberry.UNSET
    body: str | None = strawberry.UNSET
    image_url: str | None = strawberry.UNSET


@strawberry.input
class AddCommentInput:
    post_id: strawberry.ID
    body: str
    parent_id: strawberry.ID | None = None


@strawberry.input
class EditCommentInput:
    id: strawberry.ID
    body: str


@strawberry.type
class ChannelPayload:
    channel: Channel | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class DeleteChannelPayload:
    deleted_channel_id: strawberry.ID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class ChannelMemberPayload:
    channel: Channel | None = None
    member: ChannelMember | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class PostPayload:
    post: Post | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class DeletePostPayload:
    deleted_post_id: strawberry.ID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class CommentPayload:
    comment: Comment | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class DeleteCommentPayload:
    deleted_comment_id: strawberry.ID | None = None
    comment: Comment | None = strawberry.field(
        default=None,
        description="The `[deleted]` placeholder when the comment had replies, else null.",
    )
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])
