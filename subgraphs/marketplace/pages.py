"""`paginate`, with the cursor checked against the list's sort keys first.

A cursor of another list with as many keys (a NEWEST cursor given to PRICE_ASC) decodes fine
but would compare a date with a price in SQL; a forged one could overflow a numeric column.
Both are the client's mistake: BAD_USER_INPUT, not a database error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Numeric, Select

from subgraphs.kit.connections import Connection, SortKey, paginate
from subgraphs.kit.cursors import decode_cursor
from subgraphs.kit.database import Database
from subgraphs.kit.errors import BadUserInput

NodeT = TypeVar("NodeT")


def _fits(value: Any, key: SortKey) -> bool:
    column_type = key.column.type
    expected = column_type.python_type
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
        return False
    if isinstance(column_type, Numeric) and isinstance(value, Decimal):
        precision, scale = column_type.precision or 0, column_type.scale or 0
        return value.is_finite() and abs(value) < Decimal(10) ** (precision - scale)
    return True


def check_cursor(after: str | None, keys: Sequence[SortKey]) -> None:
    if after is None:
        return
    values = decode_cursor(after, len(keys))
    if not all(_fits(value, key) for value, key in zip(values, keys, strict=True)):
        raise BadUserInput("The cursor does not belong to this list.", argument="after")


async def page(
    db: Database,
    statement: Select[Any],
    keys: Sequence[SortKey],
    to_node: Callable[[Any], NodeT],
    *,
    first: int | None,
    after: str | None,
) -> Connection[NodeT]:
    check_cursor(after, keys)
    return await paginate(db, statement, keys, to_node, first=first, after=after)
