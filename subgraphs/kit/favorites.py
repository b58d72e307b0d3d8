"""Favorites: a user's bookmarks of one kind of row (gigs, products), added and removed
idempotently.

Each subgraph keeps its own `favorites` table, the user and the bookmarked row its primary key
(`kit.models.FavoriteColumns`):

    class Favorite(FavoriteColumns, Base):
        gig_id: Mapped[uuid.UUID] = mapped_column(
            ForeignKey("gigs.id", ondelete="CASCADE"), primary_key=True
        )

and the rules name the row column: `await add_favorite(session, Favorite.gig_id, user, gig)`.
Adding twice, or removing what is not there, changes nothing; `add_favorite` says whether the
row was new, so that only a new favorite is announced.
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute


async def add_favorite(
    session: AsyncSession,
    row_column: InstrumentedAttribute[uuid.UUID],
    user_id: uuid.UUID,
    row_id: uuid.UUID,
) -> bool:
    """Bookmark `row_id` for `user_id`; True when it was not a favorite yet."""
    added = await session.execute(
        insert(row_column.class_)
        .values({"user_id": user_id, row_column.key: row_id})
        .on_conflict_do_nothing()
        .returning(row_column)
    )
    return added.first() is not None


async def remove_favorite(
    session: AsyncSession,
    row_column: InstrumentedAttribute[uuid.UUID],
    user_id: uuid.UUID,
    row_id: uuid.UUID,
) -> None:
    """Drop the bookmark, if there is one."""
    table = row_column.class_
    await session.execute(delete(table).where(table.user_id == user_id, row_column == row_id))
