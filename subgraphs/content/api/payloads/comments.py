"""Payloads of the comment mutations."""

from __future__ import annotations

import strawberry

from subgraphs.content import models
from subgraphs.content.api.types.entities import Comment
from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError


@strawberry.type
class CommentPayload:
    comment: Comment | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])

    @classmethod
    def of(cls, row: models.Comment | None, errors: list[UserError]) -> CommentPayload:
        return cls(comment=None if row is None else Comment.from_row(row), errors=errors)


@strawberry.type
class DeleteCommentPayload:
    deleted_comment_id: strawberry.ID | None = None
    comment: Comment | None = strawberry.field(
        default=None,
        description="The `[deleted]` placeholder when the comment had replies, else null.",
    )
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])
