"""Per-request DataLoaders of the freelance subgraph: one SQL statement per batch of keys.

`gig.reviews`, `user.gigs`, `user.portfolio` and `user.favoriteGigs` are connections under
another object; listing 50 gigs with their first reviews must not cost 50 queries: their first
pages and counts are batched by `kit.child_pages.ChildPages` over the `ChildListing`s of
`rules.listings`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
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
from subgraphs.kit.row_loaders import pair_exists, row_by, rows_by


@dataclass(frozen=True)
class RatingSummary:
    average: Decimal
    count: int


class FreelanceLoaders:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.gig_by_id = row_by(db, Gig, Gig.id)
        self.gig_by_slug = row_by(db, Gig, Gig.slug)
        self.order_by_id = row_by(db, Order, Order.id)
        self.category_by_id = row_by(db, GigCategory, GigCategory.id)
        self.dispute_by_order = row_by(db, Dispute, Dispute.order_id)
        self.review_by_order = row_by(db, Review, Review.order_id)
        self.children_by_category = rows_by(
            db, GigCategory, GigCategory.parent_id, GigCategory.name, GigCategory.id
        )
        self.packages_by_gig = rows_by(db, GigPackage, GigPackage.gig_id, GigPackage.price)
        self.images_by_gig = rows_by(db, GigImage, GigImage.gig_id, GigImage.position)
        self.deliveries_by_order = rows_by(
            db, OrderDelivery, OrderDelivery.order_id, OrderDelivery.created_at
        )
        self.messages_by_dispute = rows_by(
            db, DisputeMessage, DisputeMessage.dispute_id, DisputeMessage.created_at
        )
        self.images_by_portfolio_item = rows_by(
            db, PortfolioImage, PortfolioImage.item_id, PortfolioImage.position
        )
        self.seller_rating: DataLoader[uuid.UUID, RatingSummary] = DataLoader(self._seller_ratings)
        # Keys are (user id, gig id): is this gig one of this user's favorites?
        self.is_favorite = pair_exists(db, Favorite.user_id, Favorite.gig_id)
        # Connections under a parent, batched (see ChildPages).
        self.gig_reviews = ChildPages.fixed(db, listings.REVIEWS_OF_GIGS)
        self.seller_gigs = ChildPages(db, listings.gigs_of_sellers)
        self.portfolios = ChildPages.fixed(db, listings.PORTFOLIOS)
        self.favorite_gigs = ChildPages.fixed(db, listings.FAVORITE_GIGS)

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
