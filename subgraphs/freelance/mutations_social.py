"""Write operations on reviews, proposals and portfolio items."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.freelance import portfolio, proposals, reviews
from subgraphs.freelance.access import me
from subgraphs.freelance.gig_types import Gig, PortfolioItem, Review
from subgraphs.freelance.gigs import ImageSpec
from subgraphs.freelance.ids import existing_id, optional_id
from subgraphs.freelance.inputs import (
    CreatePortfolioItemInput,
    EditReviewInput,
    LeaveReviewInput,
    PortfolioImageInput,
    ReplyToReviewInput,
    SendProposalInput,
    UpdatePortfolioItemInput,
    sent_fields,
)
from subgraphs.freelance.models import Gig as GigRow
from subgraphs.freelance.models import Review as ReviewRow
from subgraphs.freelance.order_types import Order, Proposal
from subgraphs.freelance.payloads import (
    DeletePortfolioItemPayload,
    PortfolioItemPayload,
    ProposalPayload,
    ReviewPayload,
)
from subgraphs.kit.context import ctx
from subgraphs.kit.transactions import attempt


async def _review_payload(info: Info[Any, Any], work: Any) -> ReviewPayload:
    """The review and its gig with the recomputed rating (read in the same transaction)."""

    async def with_gig(session: AsyncSession) -> tuple[ReviewRow, GigRow | None]:
        review = await work(session)
        gig = await session.get(GigRow, review.gig_id, populate_existing=True)
        return review, gig

    result, errors = await attempt(ctx(info).db, with_gig)
    if result is None:
        return ReviewPayload(errors=errors)
    review, gig = result
    return ReviewPayload(
        review=Review.from_row(review), gig=None if gig is None else Gig.from_row(gig)
    )


def _portfolio_images(values: list[PortfolioImageInput]) -> list[ImageSpec]:
    return [ImageSpec(url=value.url, caption=value.caption) for value in values]


@strawberry.type
class SocialMutation:
    @strawberry.mutation(description="The buyer of a COMPLETED order, once.")
    async def leave_review(self, info: Info[Any, Any], input: LeaveReviewInput) -> ReviewPayload:
        buyer = me(info)
        fields = {
            "rating": input.rating,
            "comment": input.comment,
            "communication": input.communication,
            "quality": input.quality,
            "delivery": input.delivery,
        }
        return await _review_payload(
            info,
            lambda s: reviews.leave_review(
                s, buyer, existing_id(input.order_id, "orderId", "order"), fields
            ),
        )

    @strawberry.mutation(description="The review's author; fields left out keep their value.")
    async def edit_review(self, info: Info[Any, Any], input: EditReviewInput) -> ReviewPayload:
        buyer = me(info)
        fields = sent_fields(input, skip=("review_id",))
        return await _review_payload(
            info,
            lambda s: reviews.edit_review(
                s, buyer, existing_id(input.review_id, "reviewId", "review"), fields
            ),
        )

    @strawberry.mutation(description="The review's author; the gig's rating is recomputed.")
    async def delete_review(self, info: Info[Any, Any], review_id: strawberry.ID) -> ReviewPayload:
        buyer = me(info)
        return await _review_payload(
            info,
            lambda s: reviews.delete_review(s, buyer, existing_id(review_id, "reviewId", "review")),
        )

    @strawberry.mutation(description="The gig's seller, once per review.")
    async def reply_to_review(
        self, info: Info[Any, Any], input: ReplyToReviewInput
    ) -> ReviewPayload:
        seller = me(info)
        return await _review_payload(
            info,
            lambda s: reviews.reply(
                s, seller, existing_id(input.review_id, "reviewId", "review"), input.body
            ),
        )

    @strawberry.mutation(description="The gig's seller offers custom terms to one buyer.")
    async def send_proposal(
        self, info: Info[Any, Any], input: SendProposalInput
    ) -> ProposalPayload:
        seller = me(info)

        async def work(session: AsyncSession) -> Any:
            return await proposals.send(
                session,
                seller,
                gig_id=existing_id(input.gig_id, "gigId", "gig"),
                buyer_id=existing_id(input.buyer_id, "buyerId", "user"),
                title=input.title,
                description=input.description,
                price=input.price,
                delivery_days=input.delivery_days,
                revisions=input.revisions,
                message=input.message,
            )

        row, errors = await attempt(ctx(info).db, work)
        return ProposalPayload(
            proposal=None if row is None else Proposal.from_row(row), errors=errors
        )

    @strawberry.mutation(description="The buyer; creates a PENDING order with the terms.")
    async def accept_proposal(
        self, info: Info[Any, Any], proposal_id: strawberry.ID
    ) -> ProposalPayload:
        buyer = me(info)
        result, errors = await attempt(
            ctx(info).db,
            lambda s: proposals.accept(
                s, existing_id(proposal_id, "proposalId", "proposal"), buyer
            ),
        )
        if result is None:
            return ProposalPayload(errors=errors)
        return ProposalPayload(
            proposal=Proposal.from_row(result[0]), order=Order.from_row(result[1])
        )

    @strawberry.mutation(description="The buyer.")
    async def reject_proposal(
        self, info: Info[Any, Any], proposal_id: strawberry.ID
    ) -> ProposalPayload:
        buyer = me(info)
        row, errors = await attempt(
            ctx(info).db,
            lambda s: proposals.reject(
                s, existing_id(proposal_id, "proposalId", "proposal"), buyer
            ),
        )
        return ProposalPayload(
            proposal=None if row is None else Proposal.from_row(row), errors=errors
        )

    @strawberry.mutation
    async def create_portfolio_item(
        self, info: Info[Any, Any], input: CreatePortfolioItemInput
    ) -> PortfolioItemPayload:
        owner = me(info)

        async def work(session: AsyncSession) -> Any:
            fields = sent_fields(input, skip=())
            fields["category_id"] = optional_id(input.category_id, "categoryId", "category")
            fields["images"] = _portfolio_images(input.images)
            return await portfolio.create_item(session, owner, fields)

        row, errors = await attempt(ctx(info).db, work)
        return PortfolioItemPayload(
            item=None if row is None else PortfolioItem.from_row(row), errors=errors
        )

    @strawberry.mutation(description="The owner; fields left out keep their value.")
    async def update_portfolio_item(
        self, info: Info[Any, Any], input: UpdatePortfolioItemInput
    ) -> PortfolioItemPayload:
        owner = me(info)

        async def work(session: AsyncSession) -> Any:
            fields = sent_fields(input, skip=("id",))
            if "category_id" in fields:
                fields["category_id"] = optional_id(fields["category_id"], "categoryId", "category")
            if fields.get("images") is not None:
                fields["images"] = _portfolio_images(fields["images"])
            item_id = existing_id(input.id, "id", "portfolio item")
            return await portfolio.update_item(session, owner, item_id, fields)

        row, errors = await attempt(ctx(info).db, work)
        return PortfolioItemPayload(
            item=None if row is None else PortfolioItem.from_row(row), errors=errors
        )

    @strawberry.mutation(description="The owner.")
    async def delete_portfolio_item(
        self, info: Info[Any, Any], id: strawberry.ID
    ) -> DeletePortfolioItemPayload:
        owner = me(info)

        async def work(session: AsyncSession) -> bool:
            await portfolio.delete_item(session, owner, existing_id(id, "id", "portfolio item"))
            return True

        done, errors = await attempt(ctx(info).db, work)
        return DeletePortfolioItemPayload(deleted=bool(done), errors=errors)
