"""Likes by many users in one rule call: each user counted once, users who already liked
not counted again, an unknown post or comment NOT_FOUND."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from subgraphs.content.rules import likes
from subgraphs.kit.database import Database
from subgraphs.kit.errors import DomainError
from tests.integration.content.helpers import COMMENT, LIKE_POST, POST, Cast, Content


async def test_post_liked_by_many(api: Content, cast: Cast, content_local_db: Database) -> None:
    post = await api.create_post(cast.member, cast.channel_id)
    await api.ok(LIKE_POST, {"id": post["id"]}, cast.owner)
    users = [
        uuid.UUID(cast.owner.id),
        uuid.UUID(cast.admin.id),
        uuid.uuid4(),
        uuid.UUID(cast.admin.id),
    ]
    async with content_local_db.session() as session:
        liked = await likes.like(session, likes.POSTS, users, uuid.UUID(post["id"]))
        await session.commit()
    assert liked.likes_count == 3  # the owner's like was there; the admin counts once
    seen = await api.client.data(POST, {"id": post["id"]}, token=cast.admin.access)
    assert seen["post"]["likesCount"] == 3 and seen["post"]["likedByMe"]


async def test_comment_liked_by_many(api: Content, cast: Cast, content_local_db: Database) -> None:
    post = await api.create_post(cast.member, cast.channel_id)
    comment = await api.comment(cast.member, post["id"], "Like me")
    users = [uuid.UUID(cast.owner.id), uuid.UUID(cast.admin.id)]
    async with content_local_db.session() as session:
        await likes.like(session, likes.COMMENTS, users, uuid.UUID(comment["id"]))
        await likes.like(session, likes.COMMENTS, [], uuid.UUID(comment["id"]))
        await session.commit()
    seen = await api.client.data(COMMENT, {"id": comment["id"]}, token=cast.owner.access)
    assert seen["comment"]["likesCount"] == 2 and seen["comment"]["likedByMe"]


async def test_unknown_rows_are_not_found(content_local_db: Database) -> None:
    kinds: list[likes.Likeable[Any]] = [likes.POSTS, likes.COMMENTS]
    for kind in kinds:
        async with content_local_db.session() as session:
            with pytest.raises(DomainError) as refused:
                await likes.like(session, kind, [uuid.uuid4()], uuid.uuid4())
        assert refused.value.code == "NOT_FOUND"
