"""The proposal (a seller's custom offer) as a GraphQL type."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry

from subgraphs.freelance import models
from subgraphs.freelance.api import Info
from subgraphs.freelance.api.types.gigs import Gig, User, user_field
from subgraphs.freelance.api.types.orders import Order, gig_of
from subgraphs.freelance.models import ProposalStatus
from subgraphs.kit.payloads import from_row
from subgraphs.kit.scalars import Money

# The stored status is the GraphQL enum: exposed here, once, under the same name.
strawberry.enum(ProposalStatus)


@strawberry.enum
class ProposalDirection(enum.Enum):
    SENT = "SENT"
    RECEIVED = "RECEIVED"


@strawberry.type(description="A seller's custom offer to one buyer; expires after 7 days.")
class Proposal:
    id: strawberry.ID
    title: str
    description: str
    price: Money
    delivery_days: int
    revisions: int
    message: str | None
    status: ProposalStatus
    expires_at: dt.datetime
    created_at: dt.datetime
    responded_at: dt.datetime | None
    _row: strawberry.Private[models.Proposal]
    seller: User = user_field("seller_id")
    buyer: User = user_field("buyer_id")

    @classmethod
    def from_row(cls, row: models.Proposal) -> Proposal:
        return from_row(cls, row, status=row.read_status, _row=row)

    @strawberry.field
    async def gig(self, info: Info) -> Gig | None:
        return await gig_of(info, self._row.gig_id)

    @strawberry.field(description="The order accepting it created.")
    async def order(self, info: Info) -> Order | None:
        return await Order.load(info, self._row.order_id)
