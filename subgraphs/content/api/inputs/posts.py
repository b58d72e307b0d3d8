"""Inputs of the post mutations."""

from __future__ import annotations

import strawberry


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
