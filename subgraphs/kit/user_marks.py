"""A user's mark on a row: a favorite of a gig or product, a like of a post or comment.

A mark is one row of its own table per (user, marked row), so marking twice, or clearing what
is not there, changes nothing. Each call says what really changed, because that is what moves
the rest: a like count moves by the likes really added, a seller hears of a favorite once.

    class Favorite(FavoriteColumns, Base):            # kit.models: the user, when added
        gig_id: Mapped[uuid.UUID] = mapped_column(
            ForeignKey("gigs.id", ondelete="CASCADE"), primary_key=True
        )

    added = await mark(session, Favorite.gig_id, user_id, gig_id)

A rule names the table by its column of the marked row (`Favorite.gig_id`, `PostLike.post_id`);
the user's column is `user_id` in every such table.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

MarkColumn = InstrumentedAttribute[uuid.UUID]


async def mark(
    session: AsyncSession, row_column: MarkColumn, user_id: uuid.UUID, row_id: uuid.UUID
) -> bool:
    """Mark `row_id` for `user_id`; True when it was not marked yet."""
    return await mark_by_many(session, row_column, [user_id], row_id) == 1


async def mark_by_many(
    session: AsyncSession,
    row_column: MarkColumn,
    user_ids: Sequence[uuid.UUID],
    row_id: uuid.UUID,
) -> int:
    """`mark` for each user in one multi-row INSERT; how many were not marked yet."""
    if not user_ids:
        return 0
    inserted = await session.execute(
        insert(row_column.class_)
        .values(
            [{"user_id": user_id, row_column.key: row_id} for user_id in dict.fromkeys(user_ids)]
        )
        .on_conflict_do_nothing()
        .returning(row_column)
    )
    return len(inserted.all())


async def unmark(
    session: AsyncSession, row_column: MarkColumn, user_id: uuid.UUID, row_id: uuid.UUID
) -> bool:
    """Clear the user's mark on `row_id`; True when there was one."""
    table = row_column.class_
    deleted = await session.execute(
        delete(table).where(table.user_id == user_id, row_column == row_id).returning(row_column)
    )
    return deleted.first() is not None
