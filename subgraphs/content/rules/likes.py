"""Likes of posts and comments: one row per (liked row, user), so liking twice changes nothing.
The liked row's `likes_count` moves only when a like row was really inserted or deleted."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from subgraphs.content.models import Comment, Post
from subgraphs.content.rules.rows import bump

LikedT = TypeVar("LikedT", Post, Comment)


async def like(
    session: AsyncSession, liked: LikedT, by: InstrumentedAttribute[uuid.UUID], user_id: uuid.UUID
) -> LikedT:
    """`by` is the like table's column naming the liked row (`PostLike.post_id`, ...)."""
    return await like_by_many(session, liked, by, [user_id])


async def like_by_many(
    session: AsyncSession,
    liked: LikedT,
    by: InstrumentedAttribute[uuid.UUID],
    user_ids: Sequence[uuid.UUID],
) -> LikedT:
    """`like` for each user at once: one multi-row INSERT, one bump by the rows it inserted."""
    if not user_ids:
        return liked
    table = by.class_
    inserted = await session.execute(
        insert(table)
        .values([{by.key: liked.id, "user_id": user_id} for user_id in dict.fromkeys(user_ids)])
        .on_conflict_do_nothing()
        .returning(table.user_id)
    )
    count = len(inserted.all())
    if count == 0:
        return liked
    return await bump(session, type(liked), liked.id, likes_count=count)


async def unlike(
    session: AsyncSession, liked: LikedT, by: InstrumentedAttribute[uuid.UUID], user_id: uuid.UUID
) -> LikedT:
    table = by.class_
    deleted = await session.execute(
        delete(table).where(by == liked.id, table.user_id == user_id).returning(table.user_id)
    )
    if deleted.first() is None:
        return liked
    return await bump(session, type(liked), liked.id, likes_count=-1)
