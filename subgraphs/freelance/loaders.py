"""Per-request DataLoaders of the freelance subgraph: one SQL statement per batch of keys.

`gig.reviews`, `user.gigs`, `user.portfolio` and `user.favoriteGigs` are connections under
another object; listing 50 gigs with their first reviews must not cost 50 queries: their first
pages and counts are batched by `kit.child_pages.ChildPages` over the `ChildListing`s of
`rules.listings`.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute
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
from subgraphs.kit.child_pages import ChildPages
from subgraphs.kit.database import Database
from subgraphs.kit.ids import parse_uuid

Row = TypeVar("Row")


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
        self.gig_reviews = ChildPages.fixed(db, listings.REVIEWS_OF_GIGS)
        self.seller_gigs = ChildPages(db, listings.gigs_of_sellers)
        self.portfolios = ChildPages.fixed(db, listings.PORTFOLIOS)
        self.favorite_gigs = ChildPages.fixed(db, listings.FAVORITE_GIGS)

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
