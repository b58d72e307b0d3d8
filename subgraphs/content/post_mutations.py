"""Mutations on posts, comments and likes."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.content import comments, posts
from subgraphs.content.models import Comment as CommentRow
from subgraphs.content.models import Post as PostRow
from subgraphs.content.mutation_support import changes_of, run
from subgraphs.content.payloads import (
    AddCommentInput,
    CommentPayload,
    CreatePostInput,
    DeleteCommentPayload,
    DeletePostPayload,
    EditCommentInput,
    PostPayload,
    UpdatePostInput,
)
from subgraphs.content.types import Comment, Post
from subgraphs.content.validation import parse_id
from subgraphs.kit.viewer import me


def _post_payload(row: PostRow | None, errors: list[Any]) -> PostPayload:
    return PostPayload(post=None if row is None else Post.from_row(row), errors=errors)


def _comment_payload(row: CommentRow | None, errors: list[Any]) -> CommentPayload:
    return CommentPayload(comment=None if row is None else Comment.from_row(row), errors=errors)


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

        return _post_payload(*await run(info, work))

    @strawberry.mutation(description="The author only; fields left out keep their value.")
    async def update_post(self, info: Info[Any, Any], input: UpdatePostInput) -> PostPayload:
        user = me(info)
        changes = changes_of(input, {"title": "title", "body": "body", "image_url": "image_url"})

        async def work(session: AsyncSession) -> PostRow:
            return await posts.update_post(session, user, parse_id(input.id, "id", "post"), changes)

        return _post_payload(*await run(info, work))

    @strawberry.mutation(description="The author, or the channel's owner, admins, moderators.")
    async def delete_post(self, info: Info[Any, Any], id: strawberry.ID) -> DeletePostPayload:
        user = me(info)

        async def work(session: AsyncSession) -> Any:
            return await posts.delete_post(session, user, parse_id(id, "id", "post"))

        deleted, errors = await run(info, work)
        return DeletePostPayload(
            deleted_post_id=None if deleted is None else strawberry.ID(str(deleted)),
            errors=errors,
        )

    @strawberry.mutation(description="Idempotent.")
    async def like_post(self, info: Info[Any, Any], id: strawberry.ID) -> PostPayload:
        user = me(info)

        async def work(session: AsyncSession) -> PostRow:
            return await posts.like_post(session, user, parse_id(id, "id", "post"))

        return _post_payload(*await run(info, work))

    @strawberry.mutation(description="Idempotent.")
    async def unlike_post(self, info: Info[Any, Any], id: strawberry.ID) -> PostPayload:
        user = me(info)

        async def work(session: AsyncSession) -> PostRow:
            return await posts.unlike_post(session, user, parse_id(id, "id", "post"))

        return _post_payload(*await run(info, work))

    @strawberry.mutation(description="Members of the channel; `parentId` makes it a reply.")
    async def add_comment(self, info: Info[Any, Any], input: AddCommentInput) -> CommentPayload:
        user = me(info)

        async def work(session: AsyncSession) -> CommentRow:
            parent = input.parent_id
            return await comments.add_comment(
                session,
                user,
                parse_id(input.post_id, "postId", "post"),
                None if parent is None else parse_id(parent, "parentId", "comment"),
                input.body,
            )

        return _comment_payload(*await run(info, work))

    @strawberry.mutation(description="The author only.")
    async def edit_comment(self, info: Info[Any, Any], input: EditCommentInput) -> CommentPayload:
        user = me(info)

        async def work(session: AsyncSession) -> CommentRow:
            return await comments.edit_comment(
                session, user, parse_id(input.id, "id", "comment"), input.body
            )

        return _comment_payload(*await run(info, work))

    @strawberry.mutation(description="The author, or the channel's owner, admins, moderators.")
    async def delete_comment(self, info: Info[Any, Any], id: strawberry.ID) -> DeleteCommentPayload:
        user = me(info)

        async def work(session: AsyncSession) -> CommentRow | None:
            return await comments.delete_comment(session, user, parse_id(id, "id", "comment"))

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
            return await comments.like_comment(session, user, parse_id(id, "id", "comment"))

        return _comment_payload(*await run(info, work))

    @strawberry.mutation(description="Idempotent.")
    async def unlike_comment(self, info: Info[Any, Any], id: strawberry.ID) -> CommentPayload:
        user = me(info)

        async def work(session: AsyncSession) -> CommentRow:
            return await comments.unlike_comment(session, user, parse_id(id, "id", "comment"))

        return _comment_payload(*await run(info, work))
