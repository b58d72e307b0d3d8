"""Connections of many parents in one statement: `replies` of every comment on a level,
`posts` of every channel in a list, ... (the N+1 of nested connections, batched).

A `PagedList` is a base select, the column naming the parent (the partition) and the sort keys.
Its pages come from a DataLoader keyed by (parent, first, after): the batch is one
`ROW_NUMBER() OVER (PARTITION BY parent ...)` statement per distinct (first, after); its
`totalCount`s come from one `GROUP BY parent` statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased
from strawberry.dataloader import DataLoader

from subgraphs.kit.connections import (
    Connection,
    Edge,
    PageInfo,
    SortKey,
    after_condition,
    decode_after,
    page_size,
)
from subgraphs.kit.cursors import encode_cursor
from subgraphs.kit.database import Database

RowT = TypeVar("RowT")
NodeT = TypeVar("NodeT")


@dataclass(frozen=True)
class PageRequest:
    parent: Any
    limit: int
    after: tuple[Any, ...] | None
    cursor: str | None


@dataclass(frozen=True)
class Page(Generic[RowT]):
    rows: list[tuple[RowT, str]]
    has_next: bool


class PagedList(Generic[RowT]):
    def __init__(
        self,
        db: Database,
        entity: type[RowT],
        base: Select[Any],
        parent: Any,
        keys: Sequence[SortKey],
    ) -> None:
        self.db = db
        self.entity = entity
        self.base = base
        self.parent = parent
        self.keys = list(keys)
        self.pages: DataLoader[PageRequest, Page[RowT]] = DataLoader(self._load_pages)
        self.counts: DataLoader[Any, int] = DataLoader(self._load_counts)

    def _statement(self, parents: list[Any], limit: int, after: tuple[Any, ...] | None) -> Any:
        numbered = func.row_number().over(
            partition_by=self.parent, order_by=[key.ordered() for key in self.keys]
        )
        inner = self.base.add_columns(
            self.parent.label("page_parent"),
            *(key.column.label(f"page_k{i}") for i, key in enumerate(self.keys)),
            numbered.label("page_rn"),
        ).where(self.parent.in_(parents))
        if after is not None:
            inner = inner.where(after_condition(self.keys, after))
        sub = inner.subquery()
        row = aliased(self.entity, sub)
        parent, number = sub.c["page_parent"], sub.c["page_rn"]
        key_columns = [sub.c[f"page_k{i}"] for i in range(len(self.keys))]
        return select(row, parent, *key_columns).where(number <= limit + 1).order_by(parent, number)

    async def _load_pages(self, requests: Sequence[PageRequest]) -> list[Page[RowT]]:
        groups: dict[tuple[int, tuple[Any, ...] | None], list[Any]] = defaultdict(list)
        for request in requests:
            groups[(request.limit, request.after)].append(request.parent)
        found: dict[tuple[Any, int, tuple[Any, ...] | None], list[tuple[RowT, str]]] = defaultdict(
            list
        )
        async with self.db.session() as session:
            for (limit, after), parents in groups.items():
                result = await session.execute(self._statement(parents, limit, after))
                for row, parent, *values in result.all():
                    cursor = encode_cursor(tuple(values))
                    found[(parent, limit, after)].append((row, cursor))
        pages = []
        for request in requests:
            rows = found.get((request.parent, request.limit, request.after), [])
            pages.append(Page(rows=rows[: request.limit], has_next=len(rows) > request.limit))
        return pages

    async def _load_counts(self, parents: Sequence[Any]) -> list[int]:
        statement = (
            self.base.with_only_columns(self.parent, func.count(), maintain_column_froms=True)
            .where(self.parent.in_(list(parents)))
            .group_by(self.parent)
        )
        async with self.db.session() as session:
            counts = {parent: count for parent, count in (await session.execute(statement)).all()}
        return [int(counts.get(parent, 0)) for parent in parents]

    async def connection(
        self,
        parent: Any,
        to_node: Callable[[RowT], NodeT],
        *,
        first: int | None,
        after: str | None,
    ) -> Connection[NodeT]:
        # Bad arguments fail here, in the resolver, not inside a shared batch.
        limit = page_size(first)
        values = None if after is None else decode_after(after, self.keys)
        page = await self.pages.load(PageRequest(parent, limit, values, after))
        edges = [Edge(cursor=cursor, node=to_node(row)) for row, cursor in page.rows]

        async def count() -> int:
            return await self.counts.load(parent)

        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            _count=count,
        )


def empty_connection() -> Connection[Any]:
    async def zero() -> int:
        return 0

    return Connection(
        edges=[],
        page_info=PageInfo(
            has_next_page=False, has_previous_page=False, start_cursor=None, end_cursor=None
        ),
        _count=zero,
    )
