"""Reviews of completed orders; every change recomputes the gig's rating in the same transaction."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from subgraphs.freelance.models import Gig, Order, OrderStatus, Review
from subgraphs.freelance.rules import validation
from subgraphs.freelance.rules.events import emit
from subgraphs.freelance.rules.orders import order_event
from subgraphs.freelance.rules.rows import own_row
from subgraphs.kit.checks import not_cleared
from subgraphs.kit.clock import utcnow
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.held import hold, holds, inserted_here
from subgraphs.kit.unique_races import unique_or

SUB_RATINGS = ("communication", "quality", "delivery")


async def recompute_gig_rating(session: AsyncSession, gig_id: uuid.UUID) -> None:
    # Lock the gig first (unless this transaction holds it already): the aggregate then runs on
    # a snapshot taken after any concurrent review change on the same gig committed (READ
    # COMMITTED takes one per statement, and the UPDATE's subquery is evaluated at its start).
    if not holds(session, Gig, gig_id):
        await session.execute(select(Gig.id).where(Gig.id == gig_id).with_for_update())
        hold(session, Gig, gig_id)
    await session.flush()
    of_gig = Review.gig_id == gig_id
    # One statement; the gig in the session (if any) gets the new values from RETURNING.
    statement = (
        update(Gig)
        .where(Gig.id == gig_id)
        .values(
            rating_average=select(func.coalesce(func.round(func.avg(Review.rating), 2), 0))
            .where(of_gig)
            .scalar_subquery(),
            rating_count=select(func.count(Review.id)).where(of_gig).scalar_subquery(),
        )
        .returning(Gig)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    await session.execute(statement)


async def _own_review(
    session: AsyncSession,
    review_id: uuid.UUID,
    user_id: uuid.UUID,
    *,
    owner: InstrumentedAttribute[uuid.UUID] = Review.buyer_id,
    refusal: str = "Only the review's author can change it.",
) -> Review:
    return await own_row(
        session,
        Review,
        review_id,
        user_id,
        owner=owner,
        what="review",
        field="reviewId",
        refusal=refusal,
    )


def _clean(fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if creating or "rating" in fields:
        cleaned["rating"] = validation.rating(fields.get("rating"), "rating", required=True)
    if creating or "comment" in fields:
        comment = fields.get("comment")
        cleaned["comment"] = validation.text(comment or "", "comment", low=10, high=2000)
    for name in SUB_RATINGS:
        if name in fields:
            cleaned[name] = validation.rating(fields[name], name)
    return cleaned


def _already_reviewed() -> DomainError:
    return DomainError(Code.ALREADY_REVIEWED, "This order already has a review.", "orderId")


async def leave_review(
    session: AsyncSession, buyer_id: uuid.UUID, order_id: uuid.UUID, fields: dict[str, Any]
) -> Review:
    cleaned = _clean(fields, creating=True)
    order = await own_row(
        session,
        Order,
        order_id,
        buyer_id,
        owner=Order.buyer_id,
        what="order",
        field="orderId",
        refusal="Only the order's buyer can review it.",
    )
    if order.status != OrderStatus.COMPLETED:
        raise DomainError(
            Code.ORDER_NOT_COMPLETED, "Only completed orders can be reviewed.", "orderId"
        )
    # An order this transaction placed has no review but one it wrote, which the unique
    # index refuses below with the same code.
    if not inserted_here(session, Order, order.id):
        existing = await session.scalar(select(Review.id).where(Review.order_id == order.id))
        if existing is not None:
            raise _already_reviewed()
    review = Review(
        id=uuid.uuid4(),
        order_id=order.id,
        gig_id=order.gig_id,
        buyer_id=buyer_id,
        seller_id=order.seller_id,
        **cleaned,
    )
    session.add(review)
    hold(session, Review, review.id, inserted=True)
    with unique_or(Review, "uq_reviews_order_id", _already_reviewed()):
        await session.flush()
    await recompute_gig_rating(session, order.gig_id)
    await order_event(
        session,
        "REVIEW_POSTED",
        order,
        recipient=order.seller_id,
        actor=buyer_id,
        reviewId=review.id,
        rating=review.rating,
    )
    return review


async def edit_review(
    session: AsyncSession, buyer_id: uuid.UUID, review_id: uuid.UUID, fields: dict[str, Any]
) -> Review:
    not_cleared(fields, ("rating", "comment"))
    cleaned = _clean(fields, creating=False)
    review = await _own_review(session, review_id, buyer_id)
    for name, value in cleaned.items():
        setattr(review, name, value)
    review.updated_at = utcnow()
    await session.flush()
    await recompute_gig_rating(session, review.gig_id)
    return review


async def delete_review(session: AsyncSession, buyer_id: uuid.UUID, review_id: uuid.UUID) -> Review:
    review = await _own_review(session, review_id, buyer_id)
    await session.delete(review)
    await session.flush()
    await recompute_gig_rating(session, review.gig_id)
    return review


async def reply(
    session: AsyncSession, seller_id: uuid.UUID, review_id: uuid.UUID, body: str
) -> Review:
    cleaned = validation.text(body, "body", low=10, high=1000)
    review = await _own_review(
        session,
        review_id,
        seller_id,
        owner=Review.seller_id,
        refusal="Only the gig's seller can reply to its reviews.",
    )
    if review.reply is not None:
        raise DomainError(Code.ALREADY_REPLIED, "You already replied to this review.", "reviewId")
    review.reply, review.replied_at = cleaned, utcnow()
    gig = await session.get(Gig, review.gig_id)  # no query when the session has it
    gig_title = None if gig is None else gig.title
    emit(
        session,
        "REVIEW_REPLIED",
        recipient=review.buyer_id,
        actor=seller_id,
        reviewId=review.id,
        gigId=review.gig_id,
        gigTitle=gig_title,
        orderId=review.order_id,
    )
    await session.flush()
    return review
