"""A row by its id, or `NOT_FOUND` naming the argument that asked for it.

With `lock`, the row is read `FOR UPDATE`: whoever changes it next waits for this transaction,
so a status checked here is still the status when the change is written. A row this
transaction already holds (inserted or locked: `kit.held`) is not locked again.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit import held
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError

Row = TypeVar("Row")


async def get_row(
    session: AsyncSession,
    model: type[Row],
    row_id: uuid.UUID,
    *,
    what: str,
    field: str,
    lock: bool = False,
    not_found: Code = Code.NOT_FOUND,
) -> Row:
    """The `model` row with this id; `not_found` "No such <what>." on `field` when there is
    none."""
    row = await held.get(session, model, row_id, lock=lock)
    if row is None:
        raise DomainError(not_found, f"No such {what}.", field)
    return row
