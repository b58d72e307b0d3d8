"""Connections under many parents at once: the first pages and the counts, one statement each.

`gig.reviews`, `user.gigs`, `channel.posts`, `comment.replies`, `product.reviews`: a list of 50
parents asking for each one's first page must not cost 50 queries. A `ChildListing` describes
such a list once: the select of its rows (filters and joins, *not* restricted to any parent),
the column naming each row's parent, and the keyset sort keys (the last one unique, as
`kit.connections.paginate` wants). `ChildPages` serves it per request through two DataLoaders:

- first pages (no `after`): one `ROW_NUMBER() OVER (PARTITION BY parent ORDER BY keys)`
  statement per batch and variant, at the largest page size asked; smaller pages of the same
  parent are cut from it (`FirstPage.cut`), so `first: 5` and `first: 10` on one page of
  results still cost one statement;
- `totalCount`: one `GROUP BY parent` statement per batch and variant, run only when asked.

A later page (`after` given) belongs to one parent, and nobody asks for page 2 of fifty lists
at once: it is `paginate` over the listing restricted to that parent, with the same keys, so a
cursor from either continues the other; its `totalCount` still goes through the batched count.

A *variant* is what changes the listing besides the parent: (whether the caller sees hidden
rows, the status asked for) for a seller's products. `listing(variant)` builds it; a list with
no variants is `ChildPages.fixed(db, listing)` and is asked with `variant=None`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import QueryableAttribute, aliased
from sqlalchemy.sql.elements import ColumnElement
from strawberry.dataloader import DataLoader

from subgraphs.kit.connections import (
    Connection,
    Edge,
    Page,
    PageInfo,
    SortKey,
    page_size,
    paginate,
)
from subgraphs.kit.cursors import encode_cursor
from subgraphs.kit.database import Database

V = TypeVar("V", bound=Hashable | None)
NodeT = TypeVar("NodeT")

PageKey = tuple[Any, V, int]  # parent, variant, page size
CountKey = tuple[Any, V]  # parent, variant


@dataclass(frozen=True)
class ChildListing:
    """The rows of a list under parents (see the module doc)."""

    statement: Select[Any]  # select(Model)...: its first entity is what a page holds
    parent: ColumnElement[Any] | QueryableAttribute[Any]
    keys: Sequence[SortKey]

    def of(self, parents: Sequence[Any]) -> Select[Any]:
        return self.statement.where(self.parent.in_(parents))


@dataclass(frozen=True)
class FirstPage:
    """The first rows of one parent's list, each with its cursor."""

    rows: list[tuple[Any, str]]
    has_next: bool

    def cut(self, size: int) -> FirstPage:
        """The same list's first page of a smaller size."""
        return FirstPage(self.rows[:size], self.has_next or len(self.rows) > size)


async def first_pages(
    db: Database, listing: ChildListing, parents: Sequence[Any], limit: int
) -> dict[Any, FirstPage]:
    """The first `limit` rows of each parent's list, in one statement."""
    keys = listing.keys
    entity = listing.statement.column_descriptions[0]["entity"]
    ranked = (
        listing.of(parents)
        .add_columns(
            listing.parent.label("_parent"),
            func.row_number()
            .over(partition_by=listing.parent, order_by=[key.ordered() for key in keys])
            .label("_rank"),
            *(key.column.label(f"_k{index}") for index, key in enumerate(keys)),
        )
        .subquery()
    )
    row = aliased(entity, ranked)
    key_columns = [ranked.c[f"_k{index}"] for index in range(len(keys))]
    page = (
        select(row, ranked.c["_parent"], *key_columns)
        .where(ranked.c["_rank"] <= limit + 1)  # one more tells whether a next page exists
        .order_by(ranked.c["_parent"], ranked.c["_rank"])
    )
    grouped: dict[Any, list[tuple[Any, str]]] = defaultdict(list)
    async with db.session() as session:
        for found in (await session.execute(page)).all():
            grouped[found[1]].append((found[0], encode_cursor(tuple(found[2:]))))
    return {
        parent: FirstPage(grouped[parent][:limit], len(grouped[parent]) > limit)
        for parent in parents
    }


async def counts(db: Database, listing: ChildListing, parents: Sequence[Any]) -> dict[Any, int]:
    """How many rows each parent's list holds, in one statement."""
    rows = listing.of(parents).add_columns(listing.parent.label("_parent")).subquery()
    counted = select(rows.c["_parent"], func.count()).group_by(rows.c["_parent"])
    async with db.session() as session:
        found = {parent: int(count) for parent, count in (await session.execute(counted)).all()}
    return {parent: found.get(parent, 0) for parent in parents}


def connection_of(
    page: FirstPage, to_node: Callable[[Any], NodeT], count: Callable[[], Awaitable[int]]
) -> Connection[NodeT]:
    """A first page as a connection; `totalCount` calls `count`."""
    edges = [Edge(cursor=cursor, node=to_node(row)) for row, cursor in page.rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=False,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=count,
    )


def empty_connection() -> Connection[Any]:
    """The connection of a list nobody may see (or of a parent that does not exist)."""

    async def zero() -> int:
        return 0

    return connection_of(FirstPage([], False), lambda row: row, zero)


def _by_variant(keys: Sequence[tuple[Any, ...]]) -> dict[Any, list[Any]]:
    """Distinct parents per variant (the second item of each key), in first-seen order."""
    groups: dict[Any, dict[Any, None]] = defaultdict(dict)
    for key in keys:
        groups[key[1]][key[0]] = None
    return {variant: list(parents) for variant, parents in groups.items()}


class ChildPages(Generic[V]):
    """One kind of list under many parents, batched per request (see the module doc)."""

    def __init__(self, db: Database, listing: Callable[[V], ChildListing]) -> None:
        self.db = db
        self.listing = listing
        self.first_pages: DataLoader[PageKey[V], FirstPage] = DataLoader(self._first_pages)
        self.counts: DataLoader[CountKey[V], int] = DataLoader(self._counts)

    @staticmethod
    def fixed(db: Database, listing: ChildListing) -> ChildPages[None]:
        """A list with no variants."""
        return ChildPages(db, lambda _: listing)

    async def _first_pages(self, keys: Sequence[PageKey[V]]) -> list[FirstPage]:
        found: dict[CountKey[V], FirstPage] = {}
        for variant, parents in _by_variant(keys).items():
            limit = max(size for _, key_variant, size in keys if key_variant == variant)
            pages = await first_pages(self.db, self.listing(variant), parents, limit)
            found.update({(parent, variant): page for parent, page in pages.items()})
        return [found[parent, variant].cut(size) for parent, variant, size in keys]

    async def _counts(self, keys: Sequence[CountKey[V]]) -> list[int]:
        found: dict[CountKey[V], int] = {}
        for variant, parents in _by_variant(keys).items():
            counted = await counts(self.db, self.listing(variant), parents)
            found.update({(parent, variant): count for parent, count in counted.items()})
        return [found[key] for key in keys]

    async def connection(
        self,
        parent: Any,
        variant: V,
        to_node: Callable[[Any], NodeT],
        page: Page,
    ) -> Connection[NodeT]:
        """`parent`'s list as a connection: batched when it is a first page."""

        async def count() -> int:
            return await self.counts.load((parent, variant))

        if page.after is not None:
            listing = self.listing(variant)
            statement = listing.statement.where(listing.parent == parent)
            later = await paginate(self.db, statement, listing.keys, to_node, page)
            later._count = count
            return later
        # A bad `first` fails here, in this resolver, not inside the shared batch.
        found = await self.first_pages.load((parent, variant, page_size(page.first)))
        return connection_of(found, to_node, count)
