"""The seller dashboard as GraphQL types."""

from __future__ import annotations

import datetime as dt

import strawberry

from subgraphs.freelance.api.types.gigs import Gig
from subgraphs.freelance.api.types.orders import OrderStatus
from subgraphs.freelance.rules.analytics import TOP_GIGS, AnalyticsPeriod, Dashboard
from subgraphs.kit.demand import assumed
from subgraphs.kit.scalars import Money

# The periods of the dashboard are the GraphQL enum: exposed here, once, under the same name.
strawberry.enum(AnalyticsPeriod)


@strawberry.type
class OrderStatusCount:
    status: OrderStatus
    count: int


@strawberry.type
class RatingBucket:
    rating: int
    count: int


@strawberry.type
class TopGig:
    gig: Gig
    orders: int
    revenue: Money


@strawberry.type
class DailyRevenue:
    date: dt.date
    amount: Money


@strawberry.type(description="Orders count by creation in the period; revenue by completion.")
class SellerDashboard:
    period: AnalyticsPeriod
    gigs_total: int
    gigs_active: int
    orders_total: int
    orders_by_status: list[OrderStatusCount] = strawberry.field(
        directives=[assumed(len(OrderStatus))]
    )
    revenue: Money
    pending_revenue: Money
    average_order_value: Money
    average_rating: float
    rating_distribution: list[RatingBucket] = strawberry.field(directives=[assumed(5)])  # 1-5
    views: int
    conversion: float = strawberry.field(description="Orders per view in the period.")
    top_gigs: list[TopGig] = strawberry.field(directives=[assumed(TOP_GIGS)])
    # Every day of the period; 90 for the longest bounded one (ALL: days with revenue).
    revenue_per_day: list[DailyRevenue] = strawberry.field(directives=[assumed(90)])

    @classmethod
    def from_dashboard(cls, period: AnalyticsPeriod, board: Dashboard) -> SellerDashboard:
        return cls(
            period=period,
            gigs_total=board.gigs_total,
            gigs_active=board.gigs_active,
            orders_total=board.orders_total,
            orders_by_status=[
                OrderStatusCount(status=status, count=board.orders_by_status.get(status, 0))
                for status in OrderStatus
            ],
            revenue=Money(board.revenue),
            pending_revenue=Money(board.pending_revenue),
            average_order_value=Money(board.average_order_value),
            average_rating=float(board.average_rating),
            rating_distribution=[
                RatingBucket(rating=rating, count=count)
                for rating, count in sorted(board.rating_distribution.items())
            ],
            views=board.views,
            conversion=board.conversion,
            top_gigs=[
                TopGig(gig=Gig.from_row(top.gig), orders=top.orders, revenue=Money(top.revenue))
                for top in board.top_gigs
            ],
            revenue_per_day=[
                DailyRevenue(date=day, amount=Money(amount))
                for day, amount in board.revenue_per_day
            ],
        )
