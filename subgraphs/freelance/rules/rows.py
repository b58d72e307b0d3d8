"""A row by its id, or `NOT_FOUND` naming the argument that asked for it; a row someone owns.

With `lock`, the row is read `FOR UPDATE`: whoever changes it next waits for this transaction,
so a status checked here is still the status when the change is written. A row this
transaction already holds (inserted or locked: subgraphs.kit.held) is not locked again.
`own_row` is the row a user is about to change as its owner (seller, buyer, author): locked,
and FORBIDDEN to others.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from subgraphs.kit import held
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError, Forbidden

Row = TypeVar("Row")


async def get_row(
    session: AsyncSession,
    model: type[Row],
    row_id: uuid.UUID,
    *,
    what: str,
    field: str,
    lock: bool = False,
) -> Row:
    """The `model` row with this id; "No such <what>." on `field` when there is none."""
    row = await held.get(session, model, row_id, lock=lock)
    if row is None:
        raise DomainError(Code.NOT_FOUND, f"No such {what}.", field)
    return row


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
