"""Mutations on comments and their likes."""

from __future__ import annotations

import uuid

import strawberry

from subgraphs.content.api.inputs.comments import AddCommentInput, EditCommentInput
from subgraphs.content.api.payloads.comments import CommentPayload, DeleteCommentPayload
from subgraphs.content.loaders import Info
from subgraphs.content.rules import comments, likes
from subgraphs.kit.ids import existing_id
from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me


def _comment_id(value: object, field: str = "id") -> uuid.UUID:
    return existing_id(value, field, "comment")


@strawberry.mutation(description="Members of the channel; `parentId` makes it a reply.")
async def add_comment(info: Info, input: AddCommentInput) -> CommentPayload:
    user = me(info)
    parent = input.parent_id
    return await run_mutation(
        info,
        CommentPayload,
        lambda s: comments.add_comment(
            s,
            user,
            existing_id(input.post_id, "postId", "post"),
            None if parent is None else _comment_id(parent, "parentId"),
            input.body,
        ),
    )


@strawberry.mutation(description="The author only.")
async def edit_comment(info: Info, input: EditCommentInput) -> CommentPayload:
    user = me(info)
    return await run_mutation(
        info,
        CommentPayload,
        lambda s: comments.edit_comment(s, user, _comment_id(input.id), input.body),
    )


@strawberry.mutation(description="The author, or the channel's owner, admins, moderators.")
async def delete_comment(info: Info, id: strawberry.ID) -> DeleteCommentPayload:
    user = me(info)
    return await run_mutation(
        info,
        DeleteCommentPayload,
        lambda s: comments.delete_comment(s, user, _comment_id(id)),
        build=lambda placeholder: DeleteCommentPayload.of((id, placeholder)),
    )


@strawberry.mutation(description="Idempotent.")
async def like_comment(info: Info, id: strawberry.ID) -> CommentPayload:
    user = me(info)
    return await run_mutation(
        info, CommentPayload, lambda s: likes.like(s, likes.COMMENTS, [user], _comment_id(id))
    )


@strawberry.mutation(description="Idempotent.")
async def unlike_comment(info: Info, id: strawberry.ID) -> CommentPayload:
    user = me(info)
    return await run_mutation(
        info, CommentPayload, lambda s: likes.unlike(s, likes.COMMENTS, user, _comment_id(id))
    )
