"""Root query fields of the seller dashboard."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.types.analytics import AnalyticsPeriod, SellerDashboard
from subgraphs.freelance.rules import analytics
from subgraphs.kit.viewer import me


@strawberry.field(description="The signed-in seller's numbers over a period.")
async def seller_dashboard(
    info: Info, period: AnalyticsPeriod = AnalyticsPeriod.DAYS_30
) -> SellerDashboard:
    seller_id = me(info)
    async with info.context.db.session() as session:
        board = await analytics.seller_dashboard(session, seller_id, period)
    return SellerDashboard.from_dashboard(period, board)
