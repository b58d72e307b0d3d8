"""The seller dashboard, computed by PostgreSQL aggregates (a handful of statements, no loops
over orders in Python)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, and_, cast, func, literal, literal_column, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from subgraphs.freelance.models import Gig, GigStatus, GigViewDay, Order, OrderStatus, Review
from subgraphs.kit.clock import utcnow


class AnalyticsPeriod(StrEnum):
    DAYS_7 = "DAYS_7"
    DAYS_30 = "DAYS_30"
    DAYS_90 = "DAYS_90"
    ALL = "ALL"


PERIOD_DAYS: dict[str, int | None] = {
    AnalyticsPeriod.DAYS_7: 7,
    AnalyticsPeriod.DAYS_30: 30,
    AnalyticsPeriod.DAYS_90: 90,
    AnalyticsPeriod.ALL: None,
}
# Accepted and not finished yet: money the seller is still working for.
IN_FLIGHT = (OrderStatus.IN_PROGRESS, OrderStatus.DELIVERED, OrderStatus.DISPUTED)
TOP_GIGS = 5
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class TopGig:
    gig: Gig
    orders: int
    revenue: Decimal


@dataclass(frozen=True)
class Dashboard:
    gigs_total: int
    gigs_active: int
    orders_total: int
    orders_by_status: dict[OrderStatus, int]
    revenue: Decimal
    pending_revenue: Decimal
    average_order_value: Decimal
    average_rating: Decimal
    rating_distribution: dict[int, int]
    views: int
    conversion: float
    top_gigs: list[TopGig]
    revenue_per_day: list[tuple[dt.date, Decimal]]


def period_start(period: str, now: dt.datetime) -> dt.datetime | None:
    days = PERIOD_DAYS[period]
    if days is None:
        return None
    today = now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - dt.timedelta(days=days - 1)


def _since(column: Any, start: dt.datetime | None) -> ColumnElement[bool]:
    if start is None:
        return true()
    condition: ColumnElement[bool] = column >= start
    return condition


async def seller_dashboard(
    session: AsyncSession,
    seller_id: uuid.UUID,
    period: AnalyticsPeriod,
    now: dt.datetime | None = None,
) -> Dashboard:
    start = period_start(period, now or utcnow())
    gigs_total, gigs_active = (
        await session.execute(
            select(func.count(), func.count().filter(Gig.status == GigStatus.ACTIVE)).where(
                Gig.seller_id == seller_id
            )
        )
    ).one()

    by_status = dict(
        (
            await session.execute(
                select(Order.status, func.count())
                .where(Order.seller_id == seller_id, _since(Order.created_at, start))
                .group_by(Order.status)
            )
        ).all()
    )

    completed = and_(Order.status == OrderStatus.COMPLETED, _since(Order.completed_at, start))
    revenue, completed_count, pending = (
        await session.execute(
            select(
                func.coalesce(func.sum(Order.package_price).filter(completed), ZERO),
                func.count().filter(completed),
                func.coalesce(
                    func.sum(Order.package_price).filter(Order.status.in_(IN_FLIGHT)), ZERO
                ),
            ).where(Order.seller_id == seller_id)
        )
    ).one()

    review_scope = and_(Review.seller_id == seller_id, _since(Review.created_at, start))
    distribution = dict(
        (
            await session.execute(
                select(Review.rating, func.count()).where(review_scope).group_by(Review.rating)
            )
        ).all()
    )
    rated = sum(distribution.values())
    average_rating = (
        (Decimal(sum(r * n for r, n in distribution.items())) / rated).quantize(Decimal("0.01"))
        if rated
        else ZERO
    )

    views = (
        await session.execute(
            select(func.coalesce(func.sum(GigViewDay.views), 0))
            .join(Gig, Gig.id == GigViewDay.gig_id)
            .where(
                Gig.seller_id == seller_id,
                true() if start is None else GigViewDay.day >= start.date(),
            )
        )
    ).scalar_one()

    top_gigs = await _top_gigs(session, seller_id, start)
    per_day = await _revenue_per_day(session, seller_id, start, now or utcnow())
    orders_total = sum(by_status.values())
    return Dashboard(
        gigs_total=gigs_total,
        gigs_active=gigs_active,
        orders_total=orders_total,
        orders_by_status=by_status,
        revenue=revenue,
        pending_revenue=pending,
        average_order_value=(revenue / completed_count).quantize(Decimal("0.01"))
        if completed_count
        else ZERO,
        average_rating=average_rating,
        rating_distribution={rating: distribution.get(rating, 0) for rating in range(1, 6)},
        views=int(views),
        conversion=round(orders_total / views, 4) if views else 0.0,
        top_gigs=top_gigs,
        revenue_per_day=per_day,
    )


async def _top_gigs(
    session: AsyncSession, seller_id: uuid.UUID, start: dt.datetime | None
) -> list[TopGig]:
    completed = and_(Order.status == OrderStatus.COMPLETED, _since(Order.completed_at, start))
    revenue = func.coalesce(func.sum(Order.package_price).filter(completed), ZERO)
    # Orders placed in the period; revenue earned in it (an order may count for one only).
    orders = func.count(Order.id).filter(_since(Order.created_at, start))
    rows = (
        await session.execute(
            select(Gig, orders, revenue)
            .join(Order, Order.gig_id == Gig.id)
            .where(Gig.seller_id == seller_id, _since(Order.created_at, start) | completed)
            .group_by(Gig.id)
            .order_by(revenue.desc(), orders.desc(), Gig.id)
            .limit(TOP_GIGS)
        )
    ).all()
    return [TopGig(gig=gig, orders=count, revenue=amount) for gig, count, amount in rows]


async def _revenue_per_day(
    session: AsyncSession, seller_id: uuid.UUID, start: dt.datetime | None, now: dt.datetime
) -> list[tuple[dt.date, Decimal]]:
    """Completed revenue per UTC day; every day of a bounded period appears, zeros included."""
    day = cast(func.timezone("UTC", Order.completed_at), Date)
    earned = (
        select(day.label("day"), func.sum(Order.package_price).label("amount"))
        .where(
            Order.seller_id == seller_id,
            Order.status == OrderStatus.COMPLETED,
            _since(Order.completed_at, start),
        )
        .group_by(day)
        .subquery()
    )
    if start is None:
        rows = (
            await session.execute(select(earned.c.day, earned.c.amount).order_by(earned.c.day))
        ).all()
        return [(row_day, amount) for row_day, amount in rows]
    series = func.generate_series(
        cast(literal(start.date()), Date),
        cast(literal(now.astimezone(dt.UTC).date()), Date),
        literal_column("interval '1 day'"),
    )
    days = select(cast(series, Date).label("day")).subquery()
    rows = (
        await session.execute(
            select(days.c.day, func.coalesce(earned.c.amount, ZERO))
            .select_from(days.outerjoin(earned, earned.c.day == days.c.day))
            .order_by(days.c.day)
        )
    ).all()
    return [(row_day, amount) for row_day, amount in rows]
