"""Strawberry types of orders, their deliveries and disputes (private to their parties).

An order and its dispute refer to each other, so they share a module.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

import strawberry

from subgraphs.freelance import models
from subgraphs.freelance.api import Info
from subgraphs.freelance.api.types.gigs import Gig, PackageTier, Review, RowBacked, User, user_field
from subgraphs.freelance.models import DisputeStatus, OrderStatus
from subgraphs.freelance.rules.orders import MAX_FILES
from subgraphs.kit.clock import utcnow
from subgraphs.kit.demand import assumed
from subgraphs.kit.info import loaders
from subgraphs.kit.payloads import FromRow, from_row
from subgraphs.kit.row_loaders import load_node
from subgraphs.kit.scalars import Money

# The stored statuses are the GraphQL enums: exposed here, once, under the same name.
strawberry.enum(OrderStatus)
strawberry.enum(DisputeStatus)


@strawberry.enum
class OrderRole(enum.Enum):
    BUYER = "BUYER"
    SELLER = "SELLER"


@strawberry.enum
class DisputeWinner(enum.Enum):
    BUYER = "BUYER"
    SELLER = "SELLER"


async def gig_of(info: Info, gig_id: uuid.UUID) -> Gig | None:
    # The parties of an order see its gig whatever the gig's status now is.
    return await load_node(loaders(info).gig_by_id, gig_id, Gig.from_row)


@strawberry.type(description="The package as it was when the order was placed.")
class OrderPackage:
    tier: PackageTier | None = strawberry.field(description="Null for a custom offer.")
    name: str
    price: Money
    delivery_days: int
    revisions: int


@strawberry.type
class OrderDelivery:
    id: strawberry.ID
    message: str
    file_urls: list[str] = strawberry.field(directives=[assumed(MAX_FILES)])
    created_at: dt.datetime


@strawberry.type
class DisputeMessage(FromRow):
    id: strawberry.ID
    body: str
    created_at: dt.datetime
    _author_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    def author(self) -> User:
        return User.of(self._author_id)


@strawberry.type
class Order:
    id: strawberry.ID
    status: OrderStatus
    package: OrderPackage
    requirements: str
    deadline: dt.datetime | None
    revisions_left: int
    cancel_reason: str | None
    created_at: dt.datetime
    accepted_at: dt.datetime | None
    delivered_at: dt.datetime | None
    completed_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    disputed_at: dt.datetime | None
    updated_at: dt.datetime
    _row: strawberry.Private[models.Order]
    buyer: User = user_field("buyer_id")
    seller: User = user_field("seller_id")

    @classmethod
    def from_row(cls, row: models.Order) -> Order:
        return from_row(
            cls,
            row,
            package=OrderPackage(
                tier=None if row.package_tier is None else PackageTier(row.package_tier),
                name=row.package_name,
                price=Money(row.package_price),
                delivery_days=row.package_delivery_days,
                revisions=row.package_revisions,
            ),
            _row=row,
        )

    @classmethod
    async def load(cls, info: Info, order_id: uuid.UUID | None) -> Order | None:
        """The order with this id (None for none), through the request's loader."""
        return await load_node(loaders(info).order_by_id, order_id, cls.from_row)

    @strawberry.field(description="In progress past its deadline.")
    def is_overdue(self) -> bool:
        deadline = self._row.deadline
        return (
            self._row.status == OrderStatus.IN_PROGRESS
            and deadline is not None
            and deadline < utcnow()
        )

    @strawberry.field
    async def gig(self, info: Info) -> Gig | None:
        return await gig_of(info, self._row.gig_id)

    # One per delivery: the first and one per revision asked (a package allows a few).
    @strawberry.field(description="Oldest first.", directives=[assumed(5)])
    async def deliveries(self, info: Info) -> list[OrderDelivery]:
        rows = await loaders(info).deliveries_by_order.load(self._row.id)
        return [from_row(OrderDelivery, row) for row in rows]

    @strawberry.field
    async def review(self, info: Info) -> Review | None:
        return await load_node(loaders(info).review_by_order, self._row.id, Review.from_row)

    @strawberry.field
    async def dispute(self, info: Info) -> Dispute | None:
        return await load_node(loaders(info).dispute_by_order, self._row.id, Dispute.from_row)


@strawberry.type
class Dispute(RowBacked):
    id: strawberry.ID
    status: DisputeStatus
    reason: str
    winner: DisputeWinner | None
    resolution: str | None
    created_at: dt.datetime
    resolved_at: dt.datetime | None
    _row: strawberry.Private[models.Dispute]
    opened_by: User = user_field("opened_by")

    @strawberry.field
    def resolved_by(self) -> User | None:
        resolved_by = self._row.resolved_by
        return None if resolved_by is None else User.of(resolved_by)

    @strawberry.field
    async def order(self, info: Info) -> Order | None:
        return await Order.load(info, self._row.order_id)

    @strawberry.field(description="Oldest first.", directives=[assumed(20)])  # no rule bounds it
    async def messages(self, info: Info) -> list[DisputeMessage]:
        rows = await loaders(info).messages_by_dispute.load(self._row.id)
        return [DisputeMessage.from_row(row) for row in rows]
