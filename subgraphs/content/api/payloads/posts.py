"""Payloads of the post mutations; `of` builds each from what its rule returned."""

from __future__ import annotations

import uuid

import strawberry

from subgraphs.content import models
from subgraphs.content.api.types.entities import Post
from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field


@strawberry.type
class PostPayload:
    post: Post | None = None
    errors: list[UserError] = errors_field()

    @classmethod
    def of(cls, row: models.Post) -> PostPayload:
        return cls(post=Post.from_row(row))


@strawberry.type
class DeletePostPayload:
    deleted_post_id: strawberry.ID | None = None
    errors: list[UserError] = errors_field()

    @classmethod
    def of(cls, deleted: uuid.UUID) -> DeletePostPayload:
        return cls(deleted_post_id=strawberry.ID(str(deleted)))
