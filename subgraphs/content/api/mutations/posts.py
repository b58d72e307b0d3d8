"""Mutations on posts and their likes."""

from __future__ import annotations

import uuid

import strawberry

from subgraphs.content.api.inputs.posts import CreatePostInput, UpdatePostInput
from subgraphs.content.api.payloads.posts import DeletePostPayload, PostPayload
from subgraphs.content.loaders import Info
from subgraphs.content.rules import likes, posts
from subgraphs.kit.fields import sent_fields
from subgraphs.kit.ids import existing_id
from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me


def _post_id(value: object) -> uuid.UUID:
    return existing_id(value, "id", "post")


@strawberry.mutation(description="Members of the channel only.")
async def create_post(info: Info, input: CreatePostInput) -> PostPayload:
    user = me(info)
    return await run_mutation(
        info,
        PostPayload,
        lambda s: posts.create_post(
            s,
            user,
            existing_id(input.channel_id, "channelId", "channel"),
            title=input.title,
            body=input.body,
            image_url=input.image_url,
        ),
    )


@strawberry.mutation(description="The author only; fields left out keep their value.")
async def update_post(info: Info, input: UpdatePostInput) -> PostPayload:
    user = me(info)
    changes = sent_fields(input, only=("title", "body", "image_url"))
    return await run_mutation(
        info, PostPayload, lambda s: posts.update_post(s, user, _post_id(input.id), changes)
    )


@strawberry.mutation(description="The author, or the channel's owner, admins, moderators.")
async def delete_post(info: Info, id: strawberry.ID) -> DeletePostPayload:
    user = me(info)
    return await run_mutation(
        info, DeletePostPayload, lambda s: posts.delete_post(s, user, _post_id(id))
    )


@strawberry.mutation(description="Idempotent.")
async def like_post(info: Info, id: strawberry.ID) -> PostPayload:
    user = me(info)
    return await run_mutation(
        info, PostPayload, lambda s: likes.like(s, likes.POSTS, [user], _post_id(id))
    )


@strawberry.mutation(description="Idempotent.")
async def unlike_post(info: Info, id: strawberry.ID) -> PostPayload:
    user = me(info)
    return await run_mutation(
        info, PostPayload, lambda s: likes.unlike(s, likes.POSTS, user, _post_id(id))
    )
