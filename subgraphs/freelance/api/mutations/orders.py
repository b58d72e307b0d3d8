"""Root mutation fields of orders: the order status machine's transitions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.inputs.orders import (
    CancelOrderInput,
    DeliverOrderInput,
    PlaceOrderInput,
)
from subgraphs.freelance.api.payloads.orders import OrderPayload
from subgraphs.freelance.models import Order as OrderRow
from subgraphs.freelance.rules import ids, orders
from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me


async def _order_step(
    info: Info, step: Callable[..., Awaitable[OrderRow]], order_id: strawberry.ID, *args: Any
) -> OrderPayload:
    """`step(session, order_id, me, *args)`: a step of one party on one order (`orders.accept`)."""
    actor = me(info)
    return await run_mutation(
        info, OrderPayload, lambda s: step(s, ids.order(order_id), actor, *args)
    )


@strawberry.mutation(description="Order a package of an ACTIVE gig; not your own.")
async def place_order(info: Info, input: PlaceOrderInput) -> OrderPayload:
    buyer = me(info)
    return await run_mutation(
        info,
        OrderPayload,
        lambda s: orders.place_order(
            s,
            buyer,
            ids.gig(input.gig_id),
            input.tier.value,
            input.requirements,
        ),
    )


@strawberry.mutation(description="Seller: PENDING -> IN_PROGRESS; sets the deadline.")
async def accept_order(info: Info, order_id: strawberry.ID) -> OrderPayload:
    return await _order_step(info, orders.accept, order_id)


@strawberry.mutation(description="Seller: IN_PROGRESS -> DELIVERED, with a message and files.")
async def deliver_order(info: Info, input: DeliverOrderInput) -> OrderPayload:
    return await _order_step(info, orders.deliver, input.order_id, input.message, input.file_urls)


@strawberry.mutation(description="Buyer: DELIVERED -> IN_PROGRESS while revisions are left.")
async def request_revision(info: Info, order_id: strawberry.ID) -> OrderPayload:
    return await _order_step(info, orders.request_revision, order_id)


@strawberry.mutation(description="Buyer: DELIVERED -> COMPLETED.")
async def complete_order(info: Info, order_id: strawberry.ID) -> OrderPayload:
    return await _order_step(info, orders.complete, order_id)


@strawberry.mutation(description="Buyer or seller: PENDING | IN_PROGRESS -> CANCELLED.")
async def cancel_order(info: Info, input: CancelOrderInput) -> OrderPayload:
    return await _order_step(info, orders.cancel, input.order_id, input.reason)
