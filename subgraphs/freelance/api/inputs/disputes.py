"""Input types of disputes."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api.types.orders import DisputeWinner


@strawberry.input
class OpenDisputeInput:
    order_id: strawberry.ID
    reason: str


@strawberry.input
class PostDisputeMessageInput:
    dispute_id: strawberry.ID
    body: str


@strawberry.input
class ResolveDisputeInput:
    dispute_id: strawberry.ID
    winner: DisputeWinner
    resolution: str
