"""Likes of posts and comments: one row per (liked row, user), so liking twice changes nothing.
The liked row's `likes_count` moves only when a like row was really inserted or deleted."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from subgraphs.content.models import Comment, Post
from subgraphs.content.rules.access import bump

LikedT = TypeVar("LikedT", Post, Comment)


async def like(
    session: AsyncSession, liked: LikedT, by: InstrumentedAttribute[uuid.UUID], user_id: uuid.UUID
) -> LikedT:
    """`by` is the like table's column naming the liked row (`PostLike.post_id`, ...)."""
    table = by.class_
    inserted = await session.execute(
        insert(table)
        .values({by.key: liked.id, "user_id": user_id})
        .on_conflict_do_nothing()
        .returning(table.user_id)
    )
    if inserted.first() is None:
        return liked
    return await bump(session, type(liked), liked.id, likes_count=1)


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
