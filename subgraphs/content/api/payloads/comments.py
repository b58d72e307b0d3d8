"""Payloads of the comment mutations."""

from __future__ import annotations

import strawberry

from subgraphs.content.api.types.entities import Comment
from subgraphs.kit.payloads import Payload


class CommentPayload(Payload):
    comment: Comment | None = None


class DeleteCommentPayload(Payload):
    deleted_comment_id: strawberry.ID | None = None
    comment: Comment | None = strawberry.field(
        default=None,
        description="The `[deleted]` placeholder when the comment had replies, else null.",
    )
