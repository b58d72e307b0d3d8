"""Root mutation fields of disputes: opening one, talking in it, a moderator's decision."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.inputs.disputes import (
    OpenDisputeInput,
    PostDisputeMessageInput,
    ResolveDisputeInput,
)
from subgraphs.freelance.api.mutations.orders import order_id_of
from subgraphs.freelance.api.payloads.disputes import DisputeMessagePayload, DisputePayload
from subgraphs.freelance.api.types.orders import Dispute, DisputeMessage, Order
from subgraphs.freelance.models import Dispute as DisputeRow
from subgraphs.freelance.models import Order as OrderRow
from subgraphs.freelance.rules import disputes
from subgraphs.freelance.rules.ids import existing_id
from subgraphs.kit.transactions import attempt
from subgraphs.kit.viewer import me


async def _dispute_payload(
    info: Info, work: Callable[[AsyncSession], Awaitable[DisputeRow]]
) -> DisputePayload:
    async def with_order(session: AsyncSession) -> tuple[DisputeRow, OrderRow]:
        dispute = await work(session)
        order = await session.get(OrderRow, dispute.order_id)
        assert order is not None
        return dispute, order

    result, errors = await attempt(info.context.db, with_order)
    if result is None:
        return DisputePayload(errors=errors)
    return DisputePayload(dispute=Dispute.from_row(result[0]), order=Order.from_row(result[1]))


@strawberry.type
class DisputeMutations:
    @strawberry.mutation(description="Buyer or seller: IN_PROGRESS | DELIVERED -> DISPUTED.")
    async def open_dispute(self, info: Info, input: OpenDisputeInput) -> DisputePayload:
        actor = me(info)
        return await _dispute_payload(
            info,
            lambda s: disputes.open_dispute(s, order_id_of(input.order_id), actor, input.reason),
        )

    @strawberry.mutation(description="The parties and moderators, while the dispute is open.")
    async def post_dispute_message(
        self, info: Info, input: PostDisputeMessageInput
    ) -> DisputeMessagePayload:
        author = me(info)
        is_moderator = info.context.require_user().has_role("MODERATOR")

        async def work(session: AsyncSession) -> Any:
            return await disputes.post_message(
                session,
                existing_id(input.dispute_id, "disputeId", "dispute"),
                author,
                input.body,
                is_moderator=is_moderator,
            )

        row, errors = await attempt(info.context.db, work)
        if row is None:
            return DisputeMessagePayload(errors=errors)
        return DisputeMessagePayload(message=DisputeMessage.from_row(row))

    @strawberry.mutation(description="Moderators: SELLER wins -> COMPLETED, BUYER -> CANCELLED.")
    async def resolve_dispute(self, info: Info, input: ResolveDisputeInput) -> DisputePayload:
        moderator = me(info, "MODERATOR")
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
