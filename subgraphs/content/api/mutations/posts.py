"""Mutations on posts and their likes."""

from __future__ import annotations

import uuid
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.content.api.inputs.posts import CreatePostInput, UpdatePostInput
from subgraphs.content.api.mutations.runner import changes_of, run
from subgraphs.content.api.payloads.posts import DeletePostPayload, PostPayload
from subgraphs.content.models import Post as PostRow
from subgraphs.content.rules import posts
from subgraphs.content.rules.validation import parse_id
from subgraphs.kit.viewer import me


def _post_id(value: object) -> uuid.UUID:
    return parse_id(value, "id", "post")


@strawberry.type
class PostMutations:
    @strawberry.mutation(description="Members of the channel only.")
    async def create_post(self, info: Info[Any, Any], input: CreatePostInput) -> PostPayload:
        user = me(info)

        async def work(session: AsyncSession) -> PostRow:
            return await posts.create_post(
                session,
                user,
                parse_id(input.channel_id, "channelId", "channel"),
                title=input.title,
                body=input.body,
                image_url=input.image_url,
            )

        return PostPayload.of(*await run(info, work))

    @strawberry.mutation(description="The author only; fields left out keep their value.")
    async def update_post(self, info: Info[Any, Any], input: UpdatePostInput) -> PostPayload:
        user = me(info)
        changes = changes_of(input, ("title", "body", "image_url"))

        async def work(session: AsyncSession) -> PostRow:
            return await posts.update_post(session, user, _post_id(input.id), changes)

        return PostPayload.of(*await run(info, work))

    @strawberry.mutation(description="The author, or the channel's owner, admins, moderators.")
    async def delete_post(self, info: Info[Any, Any], id: strawberry.ID) -> DeletePostPayload:
        user = me(info)

        async def work(session: AsyncSession) -> uuid.UUID:
            return await posts.delete_post(session, user, _post_id(id))

        return DeletePostPayload.of(*await run(info, work))

    @strawberry.mutation(description="Idempotent.")
    async def like_post(self, info: Info[Any, Any], id: strawberry.ID) -> PostPayload:
        user = me(info)

        async def work(session: AsyncSession) -> PostRow:
            return await posts.like_post(session, user, _post_id(id))

        return PostPayload.of(*await run(info, work))

    @strawberry.mutation(description="Idempotent.")
    async def unlike_post(self, info: Info[Any, Any], id: strawberry.ID) -> PostPayload:
        user = me(info)

        async def work(session: AsyncSession) -> PostRow:
            return await posts.unlike_post(session, user, _post_id(id))

        return PostPayload.of(*await run(info, work))
