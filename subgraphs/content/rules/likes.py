"""Likes of posts and comments: a user's mark on the row (kit.user_marks), so liking twice
changes nothing. The liked row's `likes_count` moves only by the likes really added or removed.

Both kinds are liked the same way; a `Likeable` says how to find the row (a deleted comment is
not found) and which like table marks it:

    await likes.like(session, likes.POSTS, [user_id], post_id)
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.content.models import Comment, CommentLike, Post, PostLike
from subgraphs.content.rules.rows import Lock, bump, get_comment, get_post
from subgraphs.kit.user_marks import MarkColumn, mark_by_many, unmark

LikedT = TypeVar("LikedT", Post, Comment)


@dataclass(frozen=True)
class Likeable(Generic[LikedT]):
    get: Callable[[AsyncSession, uuid.UUID, Lock], Awaitable[LikedT]]
    by: MarkColumn  # the like table's column naming the liked row


POSTS = Likeable(get_post, PostLike.post_id)
COMMENTS = Likeable(get_comment, CommentLike.comment_id)


async def like(
    session: AsyncSession,
    kind: Likeable[LikedT],
    user_ids: Sequence[uuid.UUID],
    liked_id: uuid.UUID,
) -> LikedT:
    """Each user likes the row, locked once (KEY SHARE: it cannot go meanwhile): one multi-row
    INSERT, one bump by the likes it added. Idempotent."""
    liked = await kind.get(session, liked_id, "key_share")
    added = await mark_by_many(session, kind.by, user_ids, liked.id)
    if added == 0:
        return liked
    return await bump(session, type(liked), liked.id, likes_count=added)


async def unlike(
    session: AsyncSession, kind: Likeable[LikedT], user_id: uuid.UUID, liked_id: uuid.UUID
) -> LikedT:
    """Idempotent."""
    liked = await kind.get(session, liked_id, "key_share")
    if not await unmark(session, kind.by, user_id, liked.id):
        return liked
    return await bump(session, type(liked), liked.id, likes_count=-1)
