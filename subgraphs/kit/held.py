"""Rows the current transaction inserted or locked FOR UPDATE.

No other transaction can change such a row before this one ends, so a rule that would lock it
again (a transition of an order placed a moment ago, a review of it, a gig's rating after its
orders locked it) asks the session for it instead: a round trip saved, the same guarantee.
The set belongs to one transaction: a rollback or commit starts an empty one. A savepoint
rolled back releases the locks taken inside it: hold a row once its savepoint is released.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

Row = TypeVar("Row")

HELD = "kit_held_rows"  # session.info key: (transaction, {(table name, id): inserted})


def _held(session: AsyncSession) -> dict[tuple[str, uuid.UUID], bool]:
    current = session.sync_session.get_transaction()
    entry = session.info.get(HELD)
    if entry is None or entry[0] is not current:
        entry = session.info[HELD] = (current, {})
    rows: dict[tuple[str, uuid.UUID], bool] = entry[1]
    return rows


def hold(session: AsyncSession, model: Any, *ids: uuid.UUID, inserted: bool = False) -> None:
    """Records that this transaction locked FOR UPDATE (or, `inserted`, wrote) these rows of
    `model`."""
    rows = _held(session)
    for row_id in ids:
        key = (model.__tablename__, row_id)
        rows[key] = inserted or rows.get(key, False)


def holds(session: AsyncSession, model: Any, row_id: uuid.UUID) -> bool:
    return (model.__tablename__, row_id) in _held(session)


def inserted_here(session: AsyncSession, model: Any, row_id: uuid.UUID) -> bool:
    """Whether this transaction wrote the row: nothing refers to it yet but what this
    transaction wrote since."""
    return _held(session).get((model.__tablename__, row_id), False)


async def get(
    session: AsyncSession, model: type[Row], row_id: uuid.UUID, *, lock: bool
) -> Row | None:
    """The `model` row with this id, or None. With `lock`, locked FOR UPDATE and held from then
    on; a row the transaction holds already comes from the session, not locked again."""
    if lock and holds(session, model, row_id):
        return await session.get(model, row_id)
    statement = select(model).where(model.id == row_id)  # type: ignore[attr-defined]
    row = (await session.execute(statement.with_for_update() if lock else statement)).scalar()
    if row is not None and lock:
        hold(session, model, row_id)
    return row
