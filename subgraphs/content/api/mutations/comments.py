"""Mutations on comments and their likes."""

from __future__ import annotations

import uuid
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.content.api.inputs.comments import AddCommentInput, EditCommentInput
from subgraphs.content.api.mutations.runner import run
from subgraphs.content.api.payloads.comments import CommentPayload, DeleteCommentPayload
from subgraphs.content.api.types.entities import Comment
from subgraphs.content.models import Comment as CommentRow
from subgraphs.content.rules import comments
from subgraphs.content.rules.validation import parse_id
from subgraphs.kit.viewer import me


def _comment_id(value: object, field: str = "id") -> uuid.UUID:
    return parse_id(value, field, "comment")


@strawberry.type
class CommentMutations:
    @strawberry.mutation(description="Members of the channel; `parentId` makes it a reply.")
    async def add_comment(self, info: Info[Any, Any], input: AddCommentInput) -> CommentPayload:
        user = me(info)

        async def work(session: AsyncSession) -> CommentRow:
            parent = input.parent_id
            return await comments.add_comment(
                session,
                user,
                parse_id(input.post_id, "postId", "post"),
                None if parent is None else _comment_id(parent, "parentId"),
                input.body,
            )

        return CommentPayload.of(*await run(info, work))

    @strawberry.mutation(description="The author only.")
    async def edit_comment(self, info: Info[Any, Any], input: EditCommentInput) -> CommentPayload:
        user = me(info)

        async def work(session: AsyncSession) -> CommentRow:
            return await comments.edit_comment(session, user, _comment_id(input.id), input.body)

        return CommentPayload.of(*await run(info, work))

    @strawberry.mutation(description="The author, or the channel's owner, admins, moderators.")
    async def delete_comment(self, info: Info[Any, Any], id: strawberry.ID) -> DeleteCommentPayload:
        user = me(info)

        async def work(session: AsyncSession) -> CommentRow | None:
            return await comments.delete_comment(session, user, _comment_id(id))

        placeholder, errors = await run(info, work)
        if errors:
            return DeleteCommentPayload(errors=errors)
        return DeleteCommentPayload(
            deleted_comment_id=id,
            comment=None if placeholder is None else Comment.from_row(placeholder),
        )

    @strawberry.mutation(description="Idempotent.")
    async def like_comment(self, info: Info[Any, Any], id: strawberry.ID) -> CommentPayload:
        user = me(info)

        async def work(session: AsyncSession) -> CommentRow:
            return await comments.like_comment(session, user, _comment_id(id))

        return CommentPayload.of(*await run(info, work))

    @strawberry.mutation(description="Idempotent.")
    async def unlike_comment(self, info: Info[Any, Any], id: strawberry.ID) -> CommentPayload:
        user = me(info)

        async def work(session: AsyncSession) -> CommentRow:
            return await comments.unlike_comment(session, user, _comment_id(id))

        return CommentPayload.of(*await run(info, work))
