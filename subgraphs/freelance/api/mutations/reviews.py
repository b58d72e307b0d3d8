"""Root mutation fields of reviews; each answers with the gig and its recomputed rating."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.inputs.reviews import (
    EditReviewInput,
    LeaveReviewInput,
    ReplyToReviewInput,
)
from subgraphs.freelance.api.payloads.reviews import ReviewPayload
from subgraphs.freelance.models import Gig as GigRow
from subgraphs.freelance.models import Review as ReviewRow
from subgraphs.freelance.rules import ids, reviews
from subgraphs.kit.fields import sent_fields
from subgraphs.kit.mutations import Work, run_mutation
from subgraphs.kit.viewer import me


async def _review_payload(info: Info, work: Work[ReviewRow]) -> ReviewPayload:
    """The review and its gig with the recomputed rating (read in the same transaction)."""

    async def with_gig(session: AsyncSession) -> tuple[ReviewRow, GigRow | None]:
        review = await work(session)
        gig = await session.get(GigRow, review.gig_id, populate_existing=True)
        return review, gig

    return await run_mutation(info, ReviewPayload, with_gig)


@strawberry.mutation(description="The buyer of a COMPLETED order, once.")
async def leave_review(info: Info, input: LeaveReviewInput) -> ReviewPayload:
    buyer = me(info)
    fields = sent_fields(input, skip=("order_id",))
    return await _review_payload(
        info,
        lambda s: reviews.leave_review(s, buyer, ids.order(input.order_id), fields),
    )


@strawberry.mutation(description="The review's author; fields left out keep their value.")
async def edit_review(info: Info, input: EditReviewInput) -> ReviewPayload:
    buyer = me(info)
    fields = sent_fields(input, skip=("review_id",))
    return await _review_payload(
        info, lambda s: reviews.edit_review(s, buyer, ids.review(input.review_id), fields)
    )


@strawberry.mutation(description="The review's author; the gig's rating is recomputed.")
async def delete_review(info: Info, review_id: strawberry.ID) -> ReviewPayload:
    buyer = me(info)
    return await _review_payload(
        info, lambda s: reviews.delete_review(s, buyer, ids.review(review_id))
    )


@strawberry.mutation(description="The gig's seller, once per review.")
async def reply_to_review(info: Info, input: ReplyToReviewInput) -> ReviewPayload:
    seller = me(info)
    return await _review_payload(
        info, lambda s: reviews.reply(s, seller, ids.review(input.review_id), input.body)
    )
