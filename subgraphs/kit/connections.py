"""Relay connections over SQLAlchemy selects, paginated by keyset (stable under inserts).

`paginate` takes a select of ORM rows, the ordering keys and the `Page` asked for; each key is a
column expression and a direction. The last key must be unique (usually the primary key) so the
order is total. A connection field (`kit.connection_fields`) hands its resolver that `Page`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy import Numeric, Select, and_, false, func, or_, select
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement

from subgraphs.kit.cursors import decode_cursor, encode_cursor
from subgraphs.kit.database import Database
from subgraphs.kit.errors import BadUserInput

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

NodeT = TypeVar("NodeT")
RowT = TypeVar("RowT")


@strawberry.federation.type(shareable=True)
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list holds (counted on request).")
    async def total_count(self) -> int:
        return await self._count()


@dataclass(frozen=True)
class Page:
    """The page of a connection the client asked for: `first` items after the cursor `after`."""

    first: int | None = None
    after: str | None = None


@dataclass(frozen=True)
class SortKey:
    column: ColumnElement[Any] | QueryableAttribute[Any]
    descending: bool = False

    def after(self, value: Any) -> ColumnElement[bool]:
        return self.column < value if self.descending else self.column > value

    def ordered(self) -> ColumnElement[Any]:
        return self.column.desc() if self.descending else self.column.asc()


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE_SIZE
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise BadUserInput(f"`first` must be between 0 and {MAX_PAGE_SIZE}.", argument="first")
    return first


def _fits(value: Any, key: SortKey) -> bool:
    """Whether a cursor value can stand where this key's column does (see `decode_after`)."""
    if value is None:
        return True
    column_type = key.column.type
    try:
        expected = column_type.python_type
    except NotImplementedError:
        return True  # an expression of no Python type: let the database judge
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
        return False
    if isinstance(column_type, Numeric) and isinstance(value, Decimal):
        precision, scale = column_type.precision or 0, column_type.scale or 0
        return value.is_finite() and (
            not precision or abs(value) < Decimal(10) ** (precision - scale)
        )
    return True


def decode_after(after: str, keys: Sequence[SortKey]) -> tuple[Any, ...]:
    """The key values of an `after` cursor, checked against the keys' column types.

    A cursor of another list with as many keys (a NEWEST cursor given to PRICE_ASC) decodes
    fine but would compare a date with a price in SQL; a forged one could overflow a numeric
    column. Both are the client's mistake: BAD_USER_INPUT, not a database error.
    """
    values = decode_cursor(after, len(keys))
    if not all(_fits(value, key) for value, key in zip(values, keys, strict=True)):
        raise BadUserInput("The cursor does not belong to this list.", argument="after")
    return values


def after_condition(keys: Sequence[SortKey], values: tuple[Any, ...]) -> ColumnElement[bool]:
    # (k1 > v1) OR (k1 = v1 AND k2 > v2) OR ...: works with mixed directions.
    clauses: list[ColumnElement[bool]] = []
    for index, key in enumerate(keys):
        equal_prefix = [k.column == v for k, v in zip(keys[:index], values[:index], strict=True)]
        clauses.append(and_(*equal_prefix, key.after(values[index])))
    return or_(false(), *clauses)


async def paginate(
    db: Database,
    statement: Select[Any],
    keys: Sequence[SortKey],
    to_node: Callable[[Any], NodeT],
    page: Page,
) -> Connection[NodeT]:
    """One page of `statement` as a connection; `totalCount` costs a query only when asked."""
    limit = page_size(page.first)
    key_columns = [key.column.label(f"_k{i}") for i, key in enumerate(keys)]
    ordered = statement.add_columns(*key_columns).order_by(*(key.ordered() for key in keys))
    if page.after is not None:
        ordered = ordered.where(after_condition(keys, decode_after(page.after, keys)))
    async with db.session() as session:
        rows = (await session.execute(ordered.limit(limit + 1))).all()
    has_next = len(rows) > limit
    edges = [
        Edge(cursor=encode_cursor(tuple(row[1:])), node=to_node(row[0])) for row in rows[:limit]
    ]

    async def count() -> int:
        counted = select(func.count()).select_from(statement.order_by(None).subquery())
        async with db.session() as session:
            return int((await session.execute(counted)).scalar_one())

    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=page.after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=count,
    )
