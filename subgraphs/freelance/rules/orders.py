"""Orders and their status machine (see machines.ORDER_MACHINE).

Every transition locks the order row (SELECT ... FOR UPDATE) before reading its status, so two
concurrent transitions on one order are serialised: the second sees the first's result and
answers INVALID_TRANSITION. Once per transaction: an order it placed or locked already is held
(subgraphs.kit.held), and no one else can change it before the commit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.models import (
    Gig,
    GigPackage,
    GigStatus,
    Order,
    OrderDelivery,
    OrderStatus,
)
from subgraphs.freelance.rules import validation
from subgraphs.freelance.rules.events import emit
from subgraphs.freelance.rules.gigs import get_gig
from subgraphs.freelance.rules.machines import BUYER, MODERATOR, ORDER_MACHINE, SELLER
from subgraphs.kit.clock import utcnow
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError, Forbidden
from subgraphs.kit.held import hold
from subgraphs.kit.rows import get_row

MAX_FILES = 10


@dataclass(frozen=True)
class Terms:
    """What an order is for, copied onto it: later edits of the gig do not change an order."""

    tier: str | None  # None for a proposal's custom terms
    name: str
    price: Decimal
    delivery_days: int
    revisions: int


def roles_in(order: Order, user_id: uuid.UUID, is_moderator: bool = False) -> set[str]:
    roles = set()
    if order.buyer_id == user_id:
        roles.add(BUYER)
    if order.seller_id == user_id:
        roles.add(SELLER)
    if is_moderator:
        roles.add(MODERATOR)
    return roles


def other_party(order: Order, user_id: uuid.UUID) -> uuid.UUID:
    return order.seller_id if user_id == order.buyer_id else order.buyer_id


async def locked_order(session: AsyncSession, order_id: uuid.UUID) -> Order:
    return await get_row(session, Order, order_id, what="order", field="orderId", lock=True)


async def transition(
    session: AsyncSession,
    order_id: uuid.UUID,
    actor_id: uuid.UUID,
    action: str,
    *,
    is_moderator: bool = False,
) -> Order:
    """Locks the order, checks who may act and that the action applies, moves the status."""
    order = await locked_order(session, order_id)
    roles = roles_in(order, actor_id, is_moderator)
    if not ORDER_MACHINE.may_take(action, roles):
        raise Forbidden(f"You cannot {action.replace('_', ' ')} this order.")
    order.status = ORDER_MACHINE.target(action, order.status)
    order.updated_at = utcnow()
    return order


async def order_event(
    session: AsyncSession,
    kind: str,
    order: Order,
    *,
    recipient: uuid.UUID,
    actor: uuid.UUID | None,
    **data: Any,
) -> None:
    """An event about an order, carrying its ids and the gig's title for the notification."""
    # Placing the order loaded the gig: when the session still holds it, no query.
    gig = await session.get(Gig, order.gig_id)
    gig_title = None if gig is None else gig.title
    emit(
        session,
        kind,
        recipient=recipient,
        actor=actor,
        orderId=order.id,
        gigId=order.gig_id,
        gigTitle=gig_title,
        packageName=order.package_name,
        **data,
    )


@dataclass(frozen=True)
class OrderRequest:
    """One buyer's order of a package of the gig being ordered."""

    buyer_id: uuid.UUID
    tier: str
    requirements: str


async def place_order(
    session: AsyncSession,
    buyer_id: uuid.UUID,
    gig_id: uuid.UUID,
    tier: str,
    requirements: str,
) -> Order:
    (order,) = await place_orders(session, gig_id, [OrderRequest(buyer_id, tier, requirements)])
    return order


async def place_orders(
    session: AsyncSession, gig_id: uuid.UUID, requests: Sequence[OrderRequest]
) -> list[Order]:
    """Orders of one gig, placed at once with place_order's checks: the gig is locked, its
    packages read and its counter bumped once for all of them. Any refusal refuses them all."""
    cleaned = [validation.text(r.requirements, "requirements", low=0, high=3000) for r in requests]
    # Locked: a gig paused at the same moment takes no order (placements also bump its counter).
    gig = await get_gig(session, gig_id, lock=True)
    if any(gig.seller_id == r.buyer_id for r in requests):
        raise DomainError(Code.CANNOT_ORDER_OWN_GIG, "You cannot order your own gig.", "gigId")
    if gig.status != GigStatus.ACTIVE:
        raise DomainError(Code.GIG_NOT_AVAILABLE, "This gig is not taking orders.", "gigId")
    tiers = {r.tier for r in requests}
    packages = {
        package.tier: package
        for package in (
            await session.execute(
                select(GigPackage).where(GigPackage.gig_id == gig.id, GigPackage.tier.in_(tiers))
            )
        ).scalars()
    }
    if not tiers <= packages.keys():
        raise DomainError(Code.PACKAGE_NOT_FOUND, "This gig has no package of that tier.", "tier")
    terms = {
        tier: Terms(p.tier, p.name, p.price, p.delivery_days, p.revisions)
        for tier, p in packages.items()
    }
    placed = [
        _new_order(gig, r.buyer_id, terms[r.tier], requirements=text)
        for r, text in zip(requests, cleaned, strict=True)
    ]
    await _add_orders(session, gig, placed)
    for order in placed:
        await order_event(
            session,
            "ORDER_PLACED",
            order,
            recipient=order.seller_id,
            actor=order.buyer_id,
            price=str(order.package_price),
        )
    return placed


def _new_order(
    gig: Gig,
    buyer_id: uuid.UUID,
    terms: Terms,
    *,
    requirements: str = "",
    proposal_id: uuid.UUID | None = None,
) -> Order:
    """A PENDING order of `gig` on `terms` (not yet in the session)."""
    return Order(
        id=uuid.uuid4(),
        gig_id=gig.id,
        buyer_id=buyer_id,
        seller_id=gig.seller_id,
        status=OrderStatus.PENDING,
        package_tier=terms.tier,
        package_name=terms.name,
        package_price=terms.price,
        package_delivery_days=terms.delivery_days,
        package_revisions=terms.revisions,
        revisions_left=terms.revisions,
        requirements=requirements,
        proposal_id=proposal_id,
    )


async def _add_orders(session: AsyncSession, gig: Gig, placed: Sequence[Order]) -> None:
    """The orders written; the gig counts them (one UPDATE, one multi-row INSERT)."""
    session.add_all(placed)
    hold(session, Order, *(order.id for order in placed), inserted=True)
    await session.execute(
        update(Gig).where(Gig.id == gig.id).values(orders_count=Gig.orders_count + len(placed))
    )
    await session.flush()


async def place_custom_order(
    session: AsyncSession, gig: Gig, *, buyer_id: uuid.UUID, terms: Terms, proposal_id: uuid.UUID
) -> Order:
    """The PENDING order an accepted proposal creates, with the proposal's terms."""
    order = _new_order(gig, buyer_id, terms, proposal_id=proposal_id)
    await _add_orders(session, gig, [order])
    return order


async def accept(session: AsyncSession, order_id: uuid.UUID, seller_id: uuid.UUID) -> Order:
    order = await transition(session, order_id, seller_id, "accept")
    order.accepted_at = utcnow()
    order.deadline = order.accepted_at + dt.timedelta(days=order.package_delivery_days)
    await order_event(
        session,
        "ORDER_ACCEPTED",
        order,
        recipient=order.buyer_id,
        actor=seller_id,
        deadline=order.deadline.isoformat(),
    )
    return order


async def deliver(
    session: AsyncSession,
    order_id: uuid.UUID,
    seller_id: uuid.UUID,
    message: str,
    file_urls: Sequence[str],
) -> Order:
    cleaned = validation.text(message, "message", low=10, high=2000)
    files = validation.urls(file_urls, "fileUrls", most=MAX_FILES)
    order = await transition(session, order_id, seller_id, "deliver")
    order.delivered_at = utcnow()
    session.add(OrderDelivery(order_id=order.id, message=cleaned, file_urls=files))
    await order_event(session, "ORDER_DELIVERED", order, recipient=order.buyer_id, actor=seller_id)
    return order


async def request_revision(
    session: AsyncSession, order_id: uuid.UUID, buyer_id: uuid.UUID
) -> Order:
    order = await transition(session, order_id, buyer_id, "request_revision")
    if order.revisions_left <= 0:
        raise DomainError(Code.NO_REVISIONS_LEFT, "This order has no revisions left.", "orderId")
    order.revisions_left -= 1
    await order_event(
        session,
        "REVISION_REQUESTED",
        order,
        recipient=order.seller_id,
        actor=buyer_id,
        revisionsLeft=order.revisions_left,
    )
    return order


async def complete(session: AsyncSession, order_id: uuid.UUID, buyer_id: uuid.UUID) -> Order:
    order = await transition(session, order_id, buyer_id, "complete")
    order.completed_at = utcnow()
    await order_event(
        session,
        "ORDER_COMPLETED",
        order,
        recipient=order.seller_id,
        actor=buyer_id,
        price=str(order.package_price),
    )
    return order


async def cancel(
    session: AsyncSession, order_id: uuid.UUID, actor_id: uuid.UUID, reason: str
) -> Order:
    cleaned = validation.text(reason, "reason", low=5, high=1000)
    order = await transition(session, order_id, actor_id, "cancel")
    order.cancelled_at = utcnow()
    order.cancel_reason = cleaned
    order.cancelled_by = actor_id
    await order_event(
        session,
        "ORDER_CANCELLED",
        order,
        recipient=other_party(order, actor_id),
        actor=actor_id,
        reason=cleaned,
    )
    return order
