"""sellerDashboard: totals, orders by status, revenue, ratings, views, top gigs, revenue per day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text

from subgraphs.kit.database import Database
from tests.integration.freelance.studio import Studio, packages
from tests.support.graphql import error_codes

DASHBOARD = """
query($period: AnalyticsPeriod) {
  sellerDashboard(period: $period) {
    period gigsTotal gigsActive ordersTotal ordersByStatus { status count }
    revenue pendingRevenue averageOrderValue averageRating
    ratingDistribution { rating count } views conversion
    topGigs { gig { id } orders revenue }
    revenuePerDay { date amount }
  }
}
"""
LEAVE = """
mutation($input: LeaveReviewInput!) { leaveReview(input: $input) { errors { code } } }
"""
CANCEL = """
mutation($input: CancelOrderInput!) { cancelOrder(input: $input) { errors { code } } }
"""


def by_status(board: dict[str, Any]) -> dict[str, int]:
    return {row["status"]: row["count"] for row in board["ordersByStatus"] if row["count"]}


async def test_dashboard_numbers_and_periods(studio: Studio, freelance_local_db: Database) -> None:
    seller, buyer = await studio.seller(), await studio.buyer()
    gig_a = await studio.active_gig(
        seller, package_list=packages(("BASIC", "50", 3), ("STANDARD", "120", 5))
    )
    gig_b = await studio.active_gig(seller, package_list=packages(("PREMIUM", "200", 9)))
    await studio.draft(seller)

    async def run(gig_id: str, tier: str, steps: list[str]) -> str:
        order = await studio.order(buyer, gig_id, tier)
        for step in steps:
            if step == "deliver":
                assert (await studio.deliver(order["id"], seller))["errors"] == []
            else:
                actor = seller if step == "acceptOrder" else buyer
                assert (await studio.act(step, order["id"], actor))["errors"] == []
        return str(order["id"])

    full = ["acceptOrder", "deliver", "completeOrder"]
    first = await run(gig_a["id"], "BASIC", full)
    second = await run(gig_a["id"], "STANDARD", full)
    await run(gig_a["id"], "BASIC", ["acceptOrder"])
    await run(gig_a["id"], "BASIC", [])
    cancelled = await run(gig_a["id"], "BASIC", [])
    await studio.payload(
        CANCEL,
        {"input": {"orderId": cancelled, "reason": "Not needed"}},
        buyer.access,
        "cancelOrder",
    )
    await run(gig_b["id"], "PREMIUM", ["acceptOrder", "deliver"])
    for order_id, rating in ((first, 5), (second, 3)):
        await studio.payload(
            LEAVE,
            {"input": {"orderId": order_id, "rating": rating, "comment": "Solid work, thank you."}},
            buyer.access,
            "leaveReview",
        )
    view = "query($id: ID!) { gig(id: $id) { id } }"
    for gig_id in [gig_a["id"]] * 4 + [gig_b["id"]]:
        await studio.data(view, {"id": gig_id})

    board = (await studio.data(DASHBOARD, {"period": "DAYS_30"}, token=seller.access))[
        "sellerDashboard"
    ]
    assert (board["gigsTotal"], board["gigsActive"], board["ordersTotal"]) == (3, 2, 6)
    assert by_status(board) == {
        "COMPLETED": 2,
        "IN_PROGRESS": 1,
        "PENDING": 1,
        "CANCELLED": 1,
        "DELIVERED": 1,
    }
    assert (board["revenue"], board["pendingRevenue"], board["averageOrderValue"]) == (
        "170.00",
        "250.00",
        "85.00",
    )
    assert board["averageRating"] == 4.0
    assert [(r["rating"], r["count"]) for r in board["ratingDistribution"]] == [
        (1, 0),
        (2, 0),
        (3, 1),
        (4, 0),
        (5, 1),
    ]
    assert (board["views"], board["conversion"]) == (5, 1.2)
    assert board["topGigs"] == [
        {"gig": {"id": gig_a["id"]}, "orders": 5, "revenue": "170.00"},
        {"gig": {"id": gig_b["id"]}, "orders": 1, "revenue": "0.00"},
    ]
    days = board["revenuePerDay"]
    today = dt.datetime.now(dt.UTC).date()
    assert len(days) == 30 and days[-1] == {"date": today.isoformat(), "amount": "170.00"}
    assert days[0]["date"] == (today - dt.timedelta(days=29)).isoformat()
    assert all(day["amount"] == "0.00" for day in days[:-1])

    # Move the first order two months back: it leaves the 30-day window, stays in ALL.
    async with freelance_local_db.session() as session:
        await session.execute(
            text(
                "UPDATE orders SET created_at = created_at - interval '60 days',"
                " completed_at = completed_at - interval '60 days' WHERE id = :id"
            ),
            {"id": first},
        )
        await session.commit()
    recent = (await studio.data(DASHBOARD, {"period": "DAYS_30"}, token=seller.access))[
        "sellerDashboard"
    ]
    assert (recent["ordersTotal"], recent["revenue"], recent["averageOrderValue"]) == (
        5,
        "120.00",
        "120.00",
    )
    everything = (await studio.data(DASHBOARD, {"period": "ALL"}, token=seller.access))[
        "sellerDashboard"
    ]
    assert (everything["ordersTotal"], everything["revenue"]) == (6, "170.00")
    assert [d["amount"] for d in everything["revenuePerDay"]] == ["50.00", "120.00"]
    week = (await studio.data(DASHBOARD, {"period": "DAYS_7"}, token=seller.access))[
        "sellerDashboard"
    ]
    assert len(week["revenuePerDay"]) == 7


async def test_empty_dashboard_and_sign_in(studio: Studio) -> None:
    newcomer = await studio.buyer()
    board = (await studio.data(DASHBOARD, {}, token=newcomer.access))["sellerDashboard"]
    assert board["period"] == "DAYS_30"
    assert (board["gigsTotal"], board["ordersTotal"], board["revenue"], board["views"]) == (
        0,
        0,
        "0.00",
        0,
    )
    assert (board["conversion"], board["averageRating"], board["topGigs"]) == (0.0, 0.0, [])
    assert error_codes(await studio.client.execute(DASHBOARD, {})) == ["UNAUTHENTICATED"]
