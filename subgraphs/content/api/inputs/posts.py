"""Inputs of the post mutations."""

from __future__ import annotations

import strawberry

from subgraphs.kit.update_inputs import update_input


@strawberry.input
class CreatePostInput:
    channel_id: strawberry.ID
    title: str
    body: str
    image_url: str | None = None


@update_input(
    CreatePostInput,
    skip=("channel_id",),
    description="Fields left out keep their value; `imageUrl: null` removes it.",
)
class UpdatePostInput:
    id: strawberry.ID
