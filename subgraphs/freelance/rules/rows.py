"""A row someone owns: the row a user is about to change as its owner (seller, buyer,
author), locked (`kit.rows.get_row`), and FORBIDDEN to others."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from subgraphs.kit.errors import Forbidden
from subgraphs.kit.rows import get_row

Row = TypeVar("Row")


async def own_row(
    session: AsyncSession,
    model: type[Row],
    row_id: uuid.UUID,
    user_id: uuid.UUID,
    *,
    owner: InstrumentedAttribute[uuid.UUID],
    what: str,
    field: str,
    refusal: str,
) -> Row:
    """The `model` row, locked, when `user_id` is in its `owner` column; FORBIDDEN (`refusal`)
    when it is someone else's."""
    row = await get_row(session, model, row_id, what=what, field=field, lock=True)
    if getattr(row, owner.key) != user_id:
        raise Forbidden(refusal)
    return row
