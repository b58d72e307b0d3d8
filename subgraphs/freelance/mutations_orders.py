"""Write operations on orders and disputes: the order status machine's transitions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.freelance import disputes, orders
from subgraphs.freelance.access import me, me_with_role
from subgraphs.freelance.ids import existing_id
from subgraphs.freelance.inputs import (
    CancelOrderInput,
    DeliverOrderInput,
    OpenDisputeInput,
    PlaceOrderInput,
    PostDisputeMessageInput,
    ResolveDisputeInput,
)
from subgraphs.freelance.models import Dispute as DisputeRow
from subgraphs.freelance.models import Order as OrderRow
from subgraphs.freelance.order_types import Dispute, DisputeMessage, Order
from subgraphs.freelance.payloads import DisputeMessagePayload, DisputePayload, OrderPayload
from subgraphs.kit.context import ctx
from subgraphs.kit.transactions import attempt

OrderWork = Callable[[AsyncSession], Awaitable[OrderRow]]


async def _order_payload(info: Info[Any, Any], work: OrderWork) -> OrderPayload:
    row, errors = await attempt(ctx(info).db, work)
    return OrderPayload(order=None if row is None else Order.from_row(row), errors=errors)


async def _dispute_payload(
    info: Info[Any, Any], work: Callable[[AsyncSession], Awaitable[DisputeRow]]
) -> DisputePayload:
    async def with_order(session: AsyncSession) -> tuple[DisputeRow, OrderRow]:
        dispute = await work(session)
        order = await session.get(OrderRow, dispute.order_id)
        assert order is not None
        return dispute, order

    result, errors = await attempt(ctx(info).db, with_order)
    if result is None:
        return DisputePayload(errors=errors)
    return DisputePayload(dispute=Dispute.from_row(result[0]), order=Order.from_row(result[1]))


def _order_id(value: strawberry.ID) -> Any:
    return existing_id(value, "orderId", "order")


@strawberry.type
class OrderMutation:
    @strawberry.mutation(description="Order a package of an ACTIVE gig; not your own.")
    async def place_order(self, info: Info[Any, Any], input: PlaceOrderInput) -> OrderPayload:
        buyer = me(info)
        return await _order_payload(
            info,
            lambda s: orders.place_order(
                s,
                buyer,
                existing_id(input.gig_id, "gigId", "gig"),
                input.tier.value,
                input.requirements,
            ),
        )

    @strawberry.mutation(description="Seller: PENDING -> IN_PROGRESS; sets the deadline.")
    async def accept_order(self, info: Info[Any, Any], order_id: strawberry.ID) -> OrderPayload:
        seller = me(info)
        return await _order_payload(info, lambda s: orders.accept(s, _order_id(order_id), seller))

    @strawberry.mutation(description="Seller: IN_PROGRESS -> DELIVERED, with a message and files.")
    async def deliver_order(self, info: Info[Any, Any], input: DeliverOrderInput) -> OrderPayload:
        seller = me(info)
        return await _order_payload(
            info,
            lambda s: orders.deliver(
                s, _order_id(input.order_id), seller, input.message, input.file_urls
            ),
        )

    @strawberry.mutation(description="Buyer: DELIVERED -> IN_PROGRESS while revisions are left.")
    async def request_revision(self, info: Info[Any, Any], order_id: strawberry.ID) -> OrderPayload:
        buyer = me(info)
        return await _order_payload(
            info, lambda s: orders.request_revision(s, _order_id(order_id), buyer)
        )

    @strawberry.mutation(description="Buyer: DELIVERED -> COMPLETED.")
    async def complete_order(self, info: Info[Any, Any], order_id: strawberry.ID) -> OrderPayload:
        buyer = me(info)
        return await _order_payload(info, lambda s: orders.complete(s, _order_id(order_id), buyer))

    @strawberry.mutation(description="Buyer or seller: PENDING | IN_PROGRESS -> CANCELLED.")
    async def cancel_order(self, info: Info[Any, Any], input: CancelOrderInput) -> OrderPayload:
        actor = me(info)
        return await _order_payload(
            info, lambda s: orders.cancel(s, _order_id(input.order_id), actor, input.reason)
        )

    @strawberry.mutation(description="Buyer or seller: IN_PROGRESS | DELIVERED -> DISPUTED.")
    async def open_dispute(self, info: Info[Any, Any], input: OpenDisputeInput) -> DisputePayload:
        actor = me(info)
        return await _dispute_payload(
            info,
            lambda s: disputes.open_dispute(s, _order_id(input.order_id), actor, input.reason),
        )

    @strawberry.mutation(description="The parties and moderators, while the dispute is open.")
    async def post_dispute_message(
        self, info: Info[Any, Any], input: PostDisputeMessageInput
    ) -> DisputeMessagePayload:
        author = me(info)
        is_moderator = ctx(info).require_user().has_role("MODERATOR")

        async def work(session: AsyncSession) -> Any:
            return await disputes.post_message(
                session,
                existing_id(input.dispute_id, "disputeId", "dispute"),
                author,
                input.body,
                is_moderator=is_moderator,
            )

        row, errors = await attempt(ctx(info).db, work)
        if row is None:
            return DisputeMessagePayload(errors=errors)
        return DisputeMessagePayload(
            message=DisputeMessage(
                id=strawberry.ID(str(row.id)),
                body=row.body,
                created_at=row.created_at,
                _author_id=row.author_id,
            )
        )

    @strawberry.mutation(description="Moderators: SELLER wins -> COMPLETED, BUYER -> CANCELLED.")
    async def resolve_dispute(
        self, info: Info[Any, Any], input: ResolveDisputeInput
    ) -> DisputePayload:
        moderator = me_with_role(info, "MODERATOR")
        return await _dispute_payload(
            info,
            lambda s: disputes.resolve(
                s,
                existing_id(input.dispute_id, "disputeId", "dispute"),
                moderator,
                input.winner.value,
                input.resolution,
            ),
        )
