"""Proposals: a seller's custom offer to one buyer for one gig; accepting it places an order."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.models import Gig, GigStatus, Order, Proposal, ProposalStatus
from subgraphs.freelance.rules import validation
from subgraphs.freelance.rules.events import emit
from subgraphs.freelance.rules.gigs import get_gig
from subgraphs.freelance.rules.orders import Terms, place_custom_order, utcnow
from subgraphs.freelance.rules.rows import own_row
from subgraphs.kit.checks import optional_text
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError, Forbidden
from subgraphs.kit.unique_races import unique_or

LIFETIME = dt.timedelta(days=7)


async def send(
    session: AsyncSession,
    seller_id: uuid.UUID,
    *,
    gig_id: uuid.UUID,
    buyer_id: uuid.UUID,
    title: str,
    description: str,
    price: Decimal,
    delivery_days: int,
    revisions: int,
    message: str | None,
) -> Proposal:
    proposal = Proposal(
        id=uuid.uuid4(),
        gig_id=gig_id,
        seller_id=seller_id,
        buyer_id=buyer_id,
        title=validation.text(title, "title", low=10, high=200),
        description=validation.text(description, "description", low=50, high=2000),
        price=validation.price(price),
        delivery_days=validation.delivery_days(delivery_days),
        revisions=validation.revisions(revisions),
        message=optional_text(message, "message", most=2000, what="The message"),
        status=ProposalStatus.PENDING,
        expires_at=utcnow() + LIFETIME,
    )
    gig = await get_gig(session, gig_id)
    if gig.seller_id != seller_id:
        raise Forbidden("Only the gig's seller can send proposals for it.")
    if buyer_id == seller_id:
        raise DomainError(Code.INVALID_BUYER, "You cannot send a proposal to yourself.", "buyerId")
    if gig.status != GigStatus.ACTIVE:
        raise DomainError(Code.GIG_NOT_AVAILABLE, "Only active gigs take proposals.", "gigId")
    # Expired offers stop counting as pending before the uniqueness check.
    await session.execute(
        update(Proposal)
        .where(
            Proposal.gig_id == gig_id,
            Proposal.buyer_id == buyer_id,
            Proposal.status == ProposalStatus.PENDING,
            Proposal.expires_at <= utcnow(),
        )
        .values(status=ProposalStatus.EXPIRED)
    )
    session.add(proposal)
    pending = DomainError(
        Code.PROPOSAL_EXISTS, "This buyer already has a pending proposal for this gig.", "buyerId"
    )
    with unique_or(Proposal, "uq_proposals_pending_gig_buyer", pending):
        async with session.begin_nested():
            await session.flush()
    emit(
        session,
        "PROPOSAL_RECEIVED",
        recipient=buyer_id,
        actor=seller_id,
        proposalId=proposal.id,
        gigId=gig.id,
        gigTitle=gig.title,
        title=proposal.title,
        price=str(proposal.price),
    )
    return proposal


async def _pending_for_buyer(
    session: AsyncSession, proposal_id: uuid.UUID, buyer_id: uuid.UUID
) -> Proposal:
    proposal = await own_row(
        session,
        Proposal,
        proposal_id,
        buyer_id,
        owner=Proposal.buyer_id,
        what="proposal",
        field="proposalId",
        refusal="Only the proposal's buyer can answer it.",
    )
    status = proposal.read_status
    if status == ProposalStatus.EXPIRED:
        raise DomainError(Code.PROPOSAL_EXPIRED, "This proposal has expired.", "proposalId")
    if status != ProposalStatus.PENDING:
        raise DomainError(Code.INVALID_TRANSITION, f"This proposal is {status}.", "proposalId")
    return proposal


def _answered(session: AsyncSession, kind: str, proposal: Proposal, gig: Gig, **data: Any) -> None:
    """The buyer's answer, told to the seller who sent the proposal."""
    emit(
        session,
        kind,
        recipient=proposal.seller_id,
        actor=proposal.buyer_id,
        proposalId=proposal.id,
        **data,
        gigId=gig.id,
        gigTitle=gig.title,
        title=proposal.title,
    )


async def accept(
    session: AsyncSession, proposal_id: uuid.UUID, buyer_id: uuid.UUID
) -> tuple[Proposal, Order]:
    proposal = await _pending_for_buyer(session, proposal_id, buyer_id)
    gig = await get_gig(session, proposal.gig_id)
    if gig.status != GigStatus.ACTIVE:
        raise DomainError(Code.GIG_NOT_AVAILABLE, "This gig is not taking orders.", "proposalId")
    terms = Terms(None, proposal.title, proposal.price, proposal.delivery_days, proposal.revisions)
    order = await place_custom_order(
        session, gig, buyer_id=buyer_id, terms=terms, proposal_id=proposal.id
    )
    proposal.status, proposal.responded_at = ProposalStatus.ACCEPTED, utcnow()
    proposal.order_id = order.id
    _answered(session, "PROPOSAL_ACCEPTED", proposal, gig, orderId=order.id)
    return proposal, order


async def reject(session: AsyncSession, proposal_id: uuid.UUID, buyer_id: uuid.UUID) -> Proposal:
    proposal = await _pending_for_buyer(session, proposal_id, buyer_id)
    proposal.status, proposal.responded_at = ProposalStatus.REJECTED, utcnow()
    gig = await get_gig(session, proposal.gig_id)
    _answered(session, "PROPOSAL_REJECTED", proposal, gig)
    return proposal
