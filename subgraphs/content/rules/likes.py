"""Likes of posts and comments: a user's mark on the row (kit.user_marks), so liking twice
changes nothing. The liked row's `likes_count` moves only by the likes really added or removed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.content.models import Comment, Post
from subgraphs.content.rules.rows import bump
from subgraphs.kit.user_marks import MarkColumn, mark_by_many, unmark

LikedT = TypeVar("LikedT", Post, Comment)


async def like_by_many(
    session: AsyncSession, liked: LikedT, by: MarkColumn, user_ids: Sequence[uuid.UUID]
) -> LikedT:
    """Each user likes `liked`: one multi-row INSERT, one bump by the likes it added. `by` is
    the like table's column naming the liked row (`PostLike.post_id`, ...)."""
    added = await mark_by_many(session, by, user_ids, liked.id)
    if added == 0:
        return liked
    return await bump(session, type(liked), liked.id, likes_count=added)


async def unlike(
    session: AsyncSession, liked: LikedT, by: MarkColumn, user_id: uuid.UUID
) -> LikedT:
    if not await unmark(session, by, user_id, liked.id):
        return liked
    return await bump(session, type(liked), liked.id, likes_count=-1)
