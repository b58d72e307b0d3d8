"""Root mutation fields of disputes: opening one, talking in it, a moderator's decision."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.inputs.disputes import (
    OpenDisputeInput,
    PostDisputeMessageInput,
    ResolveDisputeInput,
)
from subgraphs.freelance.api.payloads.disputes import DisputeMessagePayload, DisputePayload
from subgraphs.freelance.models import Dispute as DisputeRow
from subgraphs.freelance.models import DisputeMessage as DisputeMessageRow
from subgraphs.freelance.models import Order as OrderRow
from subgraphs.freelance.rules import disputes, ids
from subgraphs.kit.mutations import Work, run_mutation
from subgraphs.kit.viewer import me


async def _dispute_payload(info: Info, work: Work[DisputeRow]) -> DisputePayload:
    """The dispute and its order (read in the same transaction)."""

    async def with_order(session: AsyncSession) -> tuple[DisputeRow, OrderRow]:
        dispute = await work(session)
        order = await session.get(OrderRow, dispute.order_id)
        assert order is not None
        return dispute, order

    return await run_mutation(info, DisputePayload, with_order)


@strawberry.mutation(description="Buyer or seller: IN_PROGRESS | DELIVERED -> DISPUTED.")
async def open_dispute(info: Info, input: OpenDisputeInput) -> DisputePayload:
    actor = me(info)
    return await _dispute_payload(
        info,
        lambda s: disputes.open_dispute(s, ids.order(input.order_id), actor, input.reason),
    )


@strawberry.mutation(description="The parties and moderators, while the dispute is open.")
async def post_dispute_message(info: Info, input: PostDisputeMessageInput) -> DisputeMessagePayload:
    author = me(info)
    is_moderator = info.context.require_user().has_role("MODERATOR")

    async def work(session: AsyncSession) -> DisputeMessageRow:
        return await disputes.post_message(
            session,
            ids.dispute(input.dispute_id),
            author,
            input.body,
            is_moderator=is_moderator,
        )

    return await run_mutation(info, DisputeMessagePayload, work)


@strawberry.mutation(description="Moderators: SELLER wins -> COMPLETED, BUYER -> CANCELLED.")
async def resolve_dispute(info: Info, input: ResolveDisputeInput) -> DisputePayload:
    moderator = me(info, "MODERATOR")
    return await _dispute_payload(
        info,
        lambda s: disputes.resolve(
            s, ids.dispute(input.dispute_id), moderator, input.winner.value, input.resolution
        ),
    )
