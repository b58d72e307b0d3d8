"""Per-request DataLoaders of the freelance subgraph: one SQL statement per batch of keys.

`gig.reviews`, `user.gigs`, `user.portfolio` and `user.favoriteGigs` are connections under
another object; listing 50 gigs with their first reviews must not cost 50 queries. A first
page (no `after`) goes through a DataLoader that ranks rows per parent with
`row_number() OVER (PARTITION BY parent ORDER BY <sort keys>)`; `totalCount` through another
that counts per parent with one GROUP BY (`ChildPages`). Later pages use
`kit.connections.paginate`, with the same keys, so cursors from either continue the other.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, aliased
from strawberry.dataloader import DataLoader

from subgraphs.freelance.models import (
    Dispute,
    DisputeMessage,
    Favorite,
    Gig,
    GigCategory,
    GigImage,
    GigPackage,
    Order,
    OrderDelivery,
    PortfolioImage,
    Review,
)
from subgraphs.freelance.rules import listings
from subgraphs.freelance.rules.listings import BatchListing
from subgraphs.kit.connections import Connection, Edge, PageInfo, page_size, paginate
from subgraphs.kit.cursors import encode_cursor
from subgraphs.kit.database import Database
from subgraphs.kit.ids import parse_uuid

Row = TypeVar("Row")
NodeT = TypeVar("NodeT")
# listing(parents, variant) -> (statement restricted to the parents, its sort keys, the column
# naming each row's parent)
ListingFor = Callable[[Sequence[uuid.UUID], Hashable], BatchListing]
PageKey = tuple[uuid.UUID, Hashable, int]  # parent, filter variant, page size
CountKey = tuple[uuid.UUID, Hashable]


@dataclass(frozen=True)
class RatingSummary:
    average: Decimal
    count: int


class FreelanceLoaders:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.gig_by_id = self._one(Gig, Gig.id)
        self.gig_by_slug = self._one(Gig, Gig.slug)
        self.order_by_id = self._one(Order, Order.id)
        self.category_by_id = self._one(GigCategory, GigCategory.id)
        self.dispute_by_order = self._one(Dispute, Dispute.order_id)
        self.review_by_order = self._one(Review, Review.order_id)
        self.children_by_category = self._many(GigCategory, GigCategory.parent_id, GigCategory.name)
        self.packages_by_gig = self._many(GigPackage, GigPackage.gig_id, GigPackage.price)
        self.images_by_gig = self._many(GigImage, GigImage.gig_id, GigImage.position)
        self.deliveries_by_order = self._many(
            OrderDelivery, OrderDelivery.order_id, OrderDelivery.created_at
        )
        self.messages_by_dispute = self._many(
            DisputeMessage, DisputeMessage.dispute_id, DisputeMessage.created_at
        )
        self.images_by_portfolio_item = self._many(
            PortfolioImage, PortfolioImage.item_id, PortfolioImage.position
        )
        self.seller_rating: DataLoader[uuid.UUID, RatingSummary] = DataLoader(self._seller_ratings)
        self.is_favorite: DataLoader[tuple[uuid.UUID, uuid.UUID], bool] = DataLoader(
            self._favorites
        )
        # Connections under a parent, batched (see ChildPages).
        self.gig_reviews = ChildPages(db, listings.reviews_of_gigs)
        self.seller_gigs = ChildPages(db, listings.gigs_of_sellers)
        self.portfolios = ChildPages(db, listings.portfolios_of)
        self.favorite_gigs = ChildPages(db, listings.favorite_gigs_of)

    async def _rows(self, statement: Any) -> list[Any]:
        async with self.db.session() as session:
            return list((await session.execute(statement)).scalars())

    def _one(
        self, model: type[Row], column: InstrumentedAttribute[Any]
    ) -> DataLoader[Any, Row | None]:
        async def load(keys: Sequence[Any]) -> list[Row | None]:
            rows = await self._rows(select(model).where(column.in_(keys)))
            found = {getattr(row, column.key): row for row in rows}
            return [found.get(key) for key in keys]

        return DataLoader(load)

    def _many(
        self, model: type[Row], column: InstrumentedAttribute[Any], order: Any
    ) -> DataLoader[Any, list[Row]]:
        async def load(keys: Sequence[Any]) -> list[list[Row]]:
            rows = await self._rows(select(model).where(column.in_(keys)).order_by(order))
            grouped: dict[Any, list[Row]] = defaultdict(list)
            for row in rows:
                grouped[getattr(row, column.key)].append(row)
            return [grouped.get(key, []) for key in keys]

        return DataLoader(load)

    async def _seller_ratings(self, seller_ids: Sequence[uuid.UUID]) -> list[RatingSummary]:
        statement = (
            select(Review.seller_id, func.round(func.avg(Review.rating), 2), func.count())
            .where(Review.seller_id.in_(seller_ids))
            .group_by(Review.seller_id)
        )
        async with self.db.session() as session:
            rows = (await session.execute(statement)).all()
        found = {seller: RatingSummary(average, count) for seller, average, count in rows}
        return [found.get(seller, RatingSummary(Decimal("0"), 0)) for seller in seller_ids]

    async def _favorites(self, pairs: Sequence[tuple[uuid.UUID, uuid.UUID]]) -> list[bool]:
        statement = select(Favorite.user_id, Favorite.gig_id).where(
            tuple_(Favorite.user_id, Favorite.gig_id).in_(list(pairs))
        )
        async with self.db.session() as session:
            found = {(user, gig) for user, gig in (await session.execute(statement)).all()}
        return [pair in found for pair in pairs]

    async def by_uuid(self, loader: DataLoader[uuid.UUID, Row], value: object, default: Row) -> Row:
        """Loads by an id from the client; a malformed id is simply not found."""
        parsed = parse_uuid(value)
        return default if parsed is None else await loader.load(parsed)


class ChildPages:
    """The pages and counts of one kind of list under many parents, batched per request."""

    def __init__(self, db: Database, listing: ListingFor) -> None:
        self.db = db
        self.listing = listing
        self.first_pages: DataLoader[PageKey, list[tuple[Any, tuple[Any, ...]]]] = DataLoader(
            self._first_pages
        )
        self.counts: DataLoader[CountKey, int] = DataLoader(self._counts)

    async def _first_pages(
        self, requests: Sequence[PageKey]
    ) -> list[list[tuple[Any, tuple[Any, ...]]]]:
        groups: dict[tuple[Hashable, int], list[uuid.UUID]] = defaultdict(list)
        for parent, variant, limit in requests:
            groups[(variant, limit)].append(parent)
        found: dict[PageKey, list[tuple[Any, tuple[Any, ...]]]] = defaultdict(list)
        async with self.db.session() as session:
            for (variant, limit), parents in groups.items():
                statement, keys, parent_column = self.listing(parents, variant)
                model = statement.column_descriptions[0]["entity"]
                ranked = statement.add_columns(
                    parent_column.label("parent_key"),
                    func.row_number()
                    .over(partition_by=parent_column, order_by=[key.ordered() for key in keys])
                    .label("row_rank"),
                    *(key.column.label(f"sort_key_{index}") for index, key in enumerate(keys)),
                ).subquery()
                row = aliased(model, ranked)
                key_columns = [ranked.c[f"sort_key_{index}"] for index in range(len(keys))]
                page = (
                    select(row, ranked.c["parent_key"], *key_columns)
                    .where(
                        ranked.c["row_rank"] <= limit + 1
                    )  # one more tells whether a next page exists
                    .order_by(ranked.c["parent_key"], ranked.c["row_rank"])
                )
                for result in (await session.execute(page)).all():
                    found[(result[1], variant, limit)].append((result[0], tuple(result[2:])))
        return [found.get(request, []) for request in requests]

    async def _counts(self, requests: Sequence[CountKey]) -> list[int]:
        groups: dict[Hashable, list[uuid.UUID]] = defaultdict(list)
        for parent, variant in requests:
            groups[variant].append(parent)
        found: dict[CountKey, int] = {}
        async with self.db.session() as session:
            for variant, parents in groups.items():
                statement, _, parent_column = self.listing(parents, variant)
                rows = statement.add_columns(parent_column.label("parent_key")).subquery()
                counted = select(rows.c["parent_key"], func.count()).group_by(rows.c["parent_key"])
                for parent, count in (await session.execute(counted)).all():
                    found[(parent, variant)] = count
        return [found.get(request, 0) for request in requests]

    async def connection(
        self,
        parent: uuid.UUID,
        variant: Hashable,
        to_node: Callable[[Any], NodeT],
        *,
        first: int | None,
        after: str | None,
    ) -> Connection[NodeT]:
        async def count() -> int:
            return await self.counts.load((parent, variant))

        if after is not None:
            statement, keys, _ = self.listing([parent], variant)
            page = await paginate(self.db, statement, keys, to_node, first=first, after=after)
            page._count = count
            return page
        limit = page_size(first)
        rows = await self.first_pages.load((parent, variant, limit))
        return _connection(rows, limit, to_node, count)


def _connection(
    rows: list[tuple[Any, tuple[Any, ...]]],
    limit: int,
    to_node: Callable[[Any], NodeT],
    count: Callable[[], Awaitable[int]],
) -> Connection[NodeT]:
    edges = [Edge(cursor=encode_cursor(values), node=to_node(row)) for row, values in rows[:limit]]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > limit,
            has_previous_page=False,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=count,
    )
