"""Read operations of the freelance subgraph."""

from __future__ import annotations

import enum
import uuid
from typing import Any

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from subgraphs.freelance import analytics, listings
from subgraphs.freelance.access import me, viewer
from subgraphs.freelance.analytics_types import AnalyticsPeriod, SellerDashboard
from subgraphs.freelance.gig_types import CATEGORIES, Gig, GigCategory, loaders, visible_gig
from subgraphs.freelance.gigs import record_view
from subgraphs.freelance.inputs import GigFilterInput
from subgraphs.freelance.loaders import parse_uuid
from subgraphs.freelance.models import GigCategory as CategoryRow
from subgraphs.freelance.models import Order as OrderRow
from subgraphs.freelance.order_types import (
    Dispute,
    DisputeStatus,
    Order,
    OrderRole,
    OrderStatus,
    Proposal,
    ProposalDirection,
    ProposalStatus,
)
from subgraphs.freelance.search import GigFilter, search_gigs
from subgraphs.kit.connections import Connection, paginate
from subgraphs.kit.context import ctx
from subgraphs.kit.demand import CONNECTION
from subgraphs.kit.errors import BadUserInput
from subgraphs.kit.transactions import in_transaction


@strawberry.enum
class GigSort(enum.Enum):
    RELEVANCE = "RELEVANCE"
    NEWEST = "NEWEST"
    PRICE_ASC = "PRICE_ASC"
    PRICE_DESC = "PRICE_DESC"
    RATING = "RATING"
    POPULAR = "POPULAR"


def _id_argument(value: strawberry.ID | None, argument: str) -> uuid.UUID | None:
    if value is None:
        return None
    parsed = parse_uuid(value)
    if parsed is None:
        raise BadUserInput(f"`{argument}` is not a valid id.", argument=argument)
    return parsed


def _gig_filter(value: GigFilterInput | None) -> GigFilter:
    if value is None:
        return GigFilter()
    return GigFilter(
        category_id=_id_argument(value.category_id, "filter.categoryId"),
        min_price=value.min_price,
        max_price=value.max_price,
        max_delivery_days=value.max_delivery_days,
        min_rating=value.min_rating,
        seller_id=_id_argument(value.seller_id, "filter.sellerId"),
    )


async def visible_order(info: Info[Any, Any], row: OrderRow | None) -> Order | None:
    """The order for its two parties, and for moderators once it has a dispute."""
    if row is None:
        return None
    who = viewer(info)
    if who.is_(row.buyer_id) or who.is_(row.seller_id):
        return Order.from_row(row)
    if who.is_moderator and await loaders(info).dispute_by_order.load(row.id) is not None:
        return Order.from_row(row)
    return None


@strawberry.type
class Query:
    @strawberry.field(
        description="The category tree: top-level categories (with children).",
        directives=[CATEGORIES],
    )
    async def gig_categories(self, info: Info[Any, Any]) -> list[GigCategory]:
        async with ctx(info).db.session() as session:
            rows = (
                await session.execute(
                    select(CategoryRow)
                    .where(CategoryRow.parent_id.is_(None))
                    .order_by(CategoryRow.name)
                )
            ).scalars()
            return [GigCategory.from_row(row) for row in rows]

    @strawberry.field(description="By id or slug; counts a view when someone else looks.")
    async def gig(
        self, info: Info[Any, Any], id: strawberry.ID | None = None, slug: str | None = None
    ) -> Gig | None:
        if (id is None) == (slug is None):
            raise BadUserInput("Give exactly one of `id` and `slug`.")
        found = loaders(info)
        row = (
            await found.by_uuid(found.gig_by_id, id, None)
            if id is not None
            else await found.gig_by_slug.load(slug)
        )
        gig = await visible_gig(info, row)
        if row is not None and row.status == "ACTIVE" and not viewer(info).is_(row.seller_id):
            gig_id = row.id
            await in_transaction(ctx(info).db, lambda s: record_view(s, gig_id))
        return gig

    @strawberry.field(
        description="Active gigs: full-text search, filters and sorts.", directives=[CONNECTION]
    )
    async def gigs(
        self,
        info: Info[Any, Any],
        query: str | None = None,
        filter: GigFilterInput | None = None,
        sort: GigSort = GigSort.RELEVANCE,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Gig]:
        statement, keys = search_gigs(query, _gig_filter(filter), sort.value)
        return await paginate(ctx(info).db, statement, keys, Gig.from_row, first=first, after=after)

    @strawberry.field(description="Visible to its buyer and seller (and moderators if disputed).")
    async def order(self, info: Info[Any, Any], id: strawberry.ID) -> Order | None:
        me(info)
        found = loaders(info)
        return await visible_order(info, await found.by_uuid(found.order_by_id, id, None))

    @strawberry.field(
        description="Orders I placed (BUYER) or received (SELLER), newest first.",
        directives=[CONNECTION],
    )
    async def my_orders(
        self,
        info: Info[Any, Any],
        role: OrderRole = OrderRole.BUYER,
        status: OrderStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Order]:
        statement, keys = listings.orders_of(
            me(info),
            as_seller=role is OrderRole.SELLER,
            status=None if status is None else status.value,
        )
        return await paginate(
            ctx(info).db, statement, keys, Order.from_row, first=first, after=after
        )

    @strawberry.field(description="Moderators only; newest first.", directives=[CONNECTION])
    async def disputes(
        self,
        info: Info[Any, Any],
        status: DisputeStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Dispute]:
        ctx(info).require_role("MODERATOR")
        statement, keys = listings.disputes(None if status is None else status.value)
        return await paginate(
            ctx(info).db, statement, keys, Dispute.from_row, first=first, after=after
        )

    @strawberry.field(
        description="Proposals I sent (as seller) or received (as buyer).", directives=[CONNECTION]
    )
    async def my_proposals(
        self,
        info: Info[Any, Any],
        direction: ProposalDirection = ProposalDirection.RECEIVED,
        status: ProposalStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Proposal]:
        statement, keys = listings.proposals_of(
            me(info),
            sent=direction is ProposalDirection.SENT,
            status=None if status is None else status.value,
        )
        return await paginate(
            ctx(info).db, statement, keys, Proposal.from_row, first=first, after=after
        )

    @strawberry.field(description="The signed-in seller's numbers over a period.")
    async def seller_dashboard(
        self, info: Info[Any, Any], period: AnalyticsPeriod = AnalyticsPeriod.DAYS_30
    ) -> SellerDashboard:
        seller_id = me(info)
        async with ctx(info).db.session() as session:
            board = await analytics.seller_dashboard(session, seller_id, period.value)
        return SellerDashboard.from_dashboard(period, board)
