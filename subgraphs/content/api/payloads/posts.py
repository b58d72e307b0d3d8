"""Payloads of the post mutations."""

from __future__ import annotations

import uuid

import strawberry

from subgraphs.content import models
from subgraphs.content.api.types.entities import Post
from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError


@strawberry.type
class PostPayload:
    post: Post | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])

    @classmethod
    def of(cls, row: models.Post | None, errors: list[UserError]) -> PostPayload:
        return cls(post=None if row is None else Post.from_row(row), errors=errors)


@strawberry.type
class DeletePostPayload:
    deleted_post_id: strawberry.ID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])

    @classmethod
    def of(cls, deleted: uuid.UUID | None, errors: list[UserError]) -> DeletePostPayload:
        gone = None if deleted is None else strawberry.ID(str(deleted))
        return cls(deleted_post_id=gone, errors=errors)
