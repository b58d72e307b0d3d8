"""Input types of proposals."""

from __future__ import annotations

import strawberry

from subgraphs.kit.scalars import Money


@strawberry.input
class SendProposalInput:
    gig_id: strawberry.ID
    buyer_id: strawberry.ID
    title: str
    description: str
    price: Money
    delivery_days: int
    revisions: int = 0
    message: str | None = None
