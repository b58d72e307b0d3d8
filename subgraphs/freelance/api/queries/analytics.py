"""Root query fields of the seller dashboard."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from subgraphs.freelance.api.types.analytics import AnalyticsPeriod, SellerDashboard
from subgraphs.freelance.rules import analytics
from subgraphs.kit.context import ctx
from subgraphs.kit.viewer import me


@strawberry.type
class AnalyticsQueries:
    @strawberry.field(description="The signed-in seller's numbers over a period.")
    async def seller_dashboard(
        self, info: Info[Any, Any], period: AnalyticsPeriod = AnalyticsPeriod.DAYS_30
    ) -> SellerDashboard:
        seller_id = me(info)
        async with ctx(info).db.session() as session:
            board = await analytics.seller_dashboard(session, seller_id, period)
        return SellerDashboard.from_dashboard(period, board)
