"""Inputs of the comment mutations."""

from __future__ import annotations

import strawberry


@strawberry.input
class AddCommentInput:
    post_id: strawberry.ID
    body: str
    parent_id: strawberry.ID | None = None


@strawberry.input
class EditCommentInput:
    id: strawberry.ID
    body: str
