"""Input types of orders."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api.types.gigs import PackageTier


@strawberry.input
class PlaceOrderInput:
    gig_id: strawberry.ID
    tier: PackageTier
    requirements: str = ""


@strawberry.input
class DeliverOrderInput:
    order_id: strawberry.ID
    message: str
    file_urls: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class CancelOrderInput:
    order_id: strawberry.ID
    reason: str
