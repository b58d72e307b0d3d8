"""Disputes: a party opens one on a running order, both talk, a moderator decides."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.models import Dispute, DisputeMessage, DisputeStatus, Order
from subgraphs.freelance.rules import validation
from subgraphs.freelance.rules.orders import order_event, other_party, transition, utcnow
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError, Forbidden
from subgraphs.kit.held import hold, holds, inserted_here

WINNERS = ("BUYER", "SELLER")


async def open_dispute(
    session: AsyncSession, order_id: uuid.UUID, actor_id: uuid.UUID, reason: str
) -> Dispute:
    cleaned = validation.text(reason, "reason", low=20, high=2000)
    order = await transition(session, order_id, actor_id, "open_dispute")
    order.disputed_at = utcnow()
    # An order this transaction placed has no dispute: one it opened has moved the order on,
    # and the transition above refused.
    if not inserted_here(session, Order, order.id):
        statement = select(Dispute).where(Dispute.order_id == order.id)
        existing = (await session.execute(statement)).scalar()
        if existing is not None:  # a resolved dispute cannot come back: orders leave DISPUTED
            raise DomainError(
                Code.INVALID_TRANSITION, "This order was already disputed.", "orderId"
            )
    dispute = Dispute(id=uuid.uuid4(), order_id=order.id, opened_by=actor_id, reason=cleaned)
    session.add(dispute)
    await session.flush()
    hold(session, Dispute, dispute.id, inserted=True)
    await order_event(
        session,
        "DISPUTE_OPENED",
        order,
        recipient=other_party(order, actor_id),
        actor=actor_id,
        disputeId=dispute.id,
    )
    return dispute


async def _dispute_and_order(session: AsyncSession, dispute_id: uuid.UUID) -> tuple[Dispute, Order]:
    """The dispute and its order, both locked (by this transaction already, or now)."""
    if holds(session, Dispute, dispute_id):
        dispute = await session.get(Dispute, dispute_id)
        if dispute is not None and holds(session, Order, dispute.order_id):
            order = await session.get(Order, dispute.order_id)
            if order is not None:
                return dispute, order
    row = (
        await session.execute(
            select(Dispute, Order)
            .join(Order, Order.id == Dispute.order_id)
            .where(Dispute.id == dispute_id)
            .with_for_update()
        )
    ).first()
    if row is None:
        raise DomainError(Code.NOT_FOUND, "No such dispute.", "disputeId")
    hold(session, Dispute, row[0].id)
    hold(session, Order, row[1].id)
    return row[0], row[1]


async def post_message(
    session: AsyncSession,
    dispute_id: uuid.UUID,
    author_id: uuid.UUID,
    body: str,
    *,
    is_moderator: bool,
) -> DisputeMessage:
    cleaned = validation.text(body, "body", low=5, high=1000)
    dispute, order = await _dispute_and_order(session, dispute_id)
    is_party = author_id in (order.buyer_id, order.seller_id)
    if not is_party and not is_moderator:
        raise Forbidden("Only the parties and moderators can write in a dispute.")
    if dispute.status != DisputeStatus.OPEN:
        raise DomainError(Code.DISPUTE_CLOSED, "This dispute is resolved.", "disputeId")
    message = DisputeMessage(
        id=uuid.uuid4(), dispute_id=dispute.id, author_id=author_id, body=cleaned
    )
    session.add(message)
    await session.flush()
    # A party's message goes to the other party; a moderator's to both.
    recipients = [other_party(order, author_id)] if is_party else [order.buyer_id, order.seller_id]
    for recipient in recipients:
        await order_event(
            session,
            "DISPUTE_MESSAGE",
            order,
            recipient=recipient,
            actor=author_id,
            disputeId=dispute.id,
            messageId=message.id,
        )
    return message


async def resolve(
    session: AsyncSession,
    dispute_id: uuid.UUID,
    moderator_id: uuid.UUID,
    winner: str,
    resolution: str,
) -> Dispute:
    """The seller winning completes the order; the buyer winning cancels it."""
    cleaned = validation.text(resolution, "resolution", low=20, high=2000)
    if winner not in WINNERS:
        raise DomainError(Code.INVALID_WINNER, "The winner is BUYER or SELLER.", "winner")
    dispute, _ = await _dispute_and_order(session, dispute_id)
    if dispute.status != DisputeStatus.OPEN:
        raise DomainError(Code.INVALID_TRANSITION, "This dispute is already resolved.", "disputeId")
    action = "resolve_for_seller" if winner == "SELLER" else "resolve_for_buyer"
    order = await transition(session, dispute.order_id, moderator_id, action, is_moderator=True)
    now = utcnow()
    if winner == "SELLER":
        order.completed_at = now
    else:
        order.cancelled_at, order.cancelled_by = now, moderator_id
        order.cancel_reason = cleaned
    dispute.status, dispute.winner, dispute.resolution = DisputeStatus.RESOLVED, winner, cleaned
    dispute.resolved_by, dispute.resolved_at = moderator_id, now
    for recipient in (order.buyer_id, order.seller_id):
        await order_event(
            session,
            "DISPUTE_RESOLVED",
            order,
            recipient=recipient,
            actor=moderator_id,
            disputeId=dispute.id,
            winner=winner,
        )
    await session.flush()
    return dispute
