"""Pages of lists: `paginate` with the cursor checked first, and the first pages of many
parents' lists (reviews of every product on a page) in one statement.

A cursor of another list with as many keys (a NEWEST cursor given to PRICE_ASC) decodes fine
but would compare a date with a price in SQL; a forged one could overflow a numeric column.
Both are the client's mistake: BAD_USER_INPUT, not a database error.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Numeric, Select, func, select
from sqlalchemy.orm import QueryableAttribute, aliased
from sqlalchemy.sql.elements import ColumnElement

from subgraphs.kit.connections import Connection, Edge, PageInfo, SortKey, paginate
from subgraphs.kit.cursors import decode_cursor, encode_cursor
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


@dataclass(frozen=True)
class FirstPage:
    """The first `limit` rows of one parent's list, each with its cursor."""

    rows: list[tuple[Any, str]]
    has_next: bool

    def cut(self, size: int) -> FirstPage:
        """The same list's first page of a smaller size."""
        return FirstPage(self.rows[:size], self.has_next or len(self.rows) > size)


async def first_pages(
    db: Database,
    statement: Select[Any],
    partition: ColumnElement[Any] | QueryableAttribute[Any],
    parents: Sequence[Any],
    keys: Sequence[SortKey],
    limit: int,
) -> dict[Any, FirstPage]:
    """The first page of many parents' lists in one statement (a window per parent).

    Cursors are the ones `paginate` makes, so the next pages come from `page` as usual.
    """
    entity = statement.column_descriptions[0]["entity"]
    order = [key.ordered() for key in keys]
    ranked = (
        statement.where(partition.in_(parents))
        .add_columns(
            partition.label("_parent"),
            func.row_number().over(partition_by=partition, order_by=order).label("_rn"),
            *(key.column.label(f"_k{i}") for i, key in enumerate(keys)),
        )
        .subquery()
    )
    row_alias = aliased(entity, ranked)
    key_columns = [ranked.c[f"_k{i}"] for i in range(len(keys))]
    query = (
        select(row_alias, ranked.c["_parent"], *key_columns)
        .where(ranked.c["_rn"] <= limit + 1)
        .order_by(ranked.c["_parent"], ranked.c["_rn"])
    )
    grouped: dict[Any, list[tuple[Any, str]]] = defaultdict(list)
    async with db.session() as session:
        for row in (await session.execute(query)).all():
            grouped[row[1]].append((row[0], encode_cursor(tuple(row[2:]))))
    return {
        parent: FirstPage(grouped[parent][:limit], len(grouped[parent]) > limit)
        for parent in parents
    }


async def counts_by_parent(
    db: Database,
    statement: Select[Any],
    partition: ColumnElement[Any] | QueryableAttribute[Any],
    parents: Sequence[Any],
) -> dict[Any, int]:
    """How many rows each parent's list holds, in one statement."""
    inner = statement.where(partition.in_(parents)).add_columns(partition.label("_parent"))
    counted = inner.subquery()
    query = select(counted.c["_parent"], func.count()).group_by(counted.c["_parent"])
    async with db.session() as session:
        found = {row[0]: int(row[1]) for row in (await session.execute(query)).all()}
    return {parent: found.get(parent, 0) for parent in parents}


def connection_of(
    first_page: FirstPage, to_node: Callable[[Any], NodeT], count: Callable[[], Awaitable[int]]
) -> Connection[NodeT]:
    edges = [Edge(cursor=cursor, node=to_node(row)) for row, cursor in first_page.rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=first_page.has_next,
            has_previous_page=False,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=count,
    )
