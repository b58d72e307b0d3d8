"""The first pages of many parents' lists (reviews of every product on a page) in one
statement."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import QueryableAttribute, aliased
from sqlalchemy.sql.elements import ColumnElement

from subgraphs.kit.connections import Connection, Edge, PageInfo, SortKey
from subgraphs.kit.cursors import encode_cursor
from subgraphs.kit.database import Database

NodeT = TypeVar("NodeT")


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

    Cursors are the ones `paginate` makes, so the next pages come from `paginate` as usual.
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
