"""Payloads of the comment mutations; `of` builds each from what its rule returned."""

from __future__ import annotations

import strawberry

from subgraphs.content import models
from subgraphs.content.api.types.entities import Comment
from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field


@strawberry.type
class CommentPayload:
    comment: Comment | None = None
    errors: list[UserError] = errors_field()

    @classmethod
    def of(cls, row: models.Comment) -> CommentPayload:
        return cls(comment=Comment.from_row(row))


@strawberry.type
class DeleteCommentPayload:
    deleted_comment_id: strawberry.ID | None = None
    comment: Comment | None = strawberry.field(
        default=None,
        description="The `[deleted]` placeholder when the comment had replies, else null.",
    )
    errors: list[UserError] = errors_field()

    @classmethod
    def of(
        cls, deleted_id: strawberry.ID, placeholder: models.Comment | None
    ) -> DeleteCommentPayload:
        comment = None if placeholder is None else Comment.from_row(placeholder)
        return cls(deleted_comment_id=deleted_id, comment=comment)
