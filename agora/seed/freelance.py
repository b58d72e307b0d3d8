"""Writing the freelance plan through the freelance services (what each mutation calls).

The role checks the GraphQL layer makes are the plan's: only FREELANCER accounts sell gigs,
only MODERATOR accounts approve gigs and resolve disputes, an ADMIN makes the categories.
What exists is looked up first and skipped (gigs by seller and title, orders by gig and
buyer, favorites by user and gig); one op writes a gig, or an order with its whole history,
in one transaction, so a re-run finds each either complete or absent.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from agora.seed import texts
from agora.seed.freelance_plan import FreelancePlan, GigPlan, OrderPlan
from agora.seed.writes import BATCH, Op, Tally, run_grouped_ops, run_ops, seed_session
from subgraphs.kit.database import Database

DELIVERY_MESSAGE = "Here is the delivery: the files are attached, tell me what you think."
DISPUTE_REASON = "The delivery does not match what we agreed on in the requirements."
RESOLUTION = "Both parties were heard; the decision follows the order's requirements."
CANCEL_REASON = "Plans changed on my side, sorry for the trouble."
# Orders of one gig placed by one rule call; an op refused refuses this many orders at most.
ORDERS_PER_OP = 8


async def seed_categories(db: Database, tally: Tally, advance: Callable[[int], None]) -> None:
    from subgraphs.freelance.models import GigCategory
    from subgraphs.freelance.rules import categories

    async with db.session() as session:
        rows = (await session.execute(select(GigCategory.name, GigCategory.parent_id))).all()
    existing = {(row.name, row.parent_id) for row in rows}
    async with seed_session(db) as session:
        for root, leaves in texts.GIG_CATEGORIES.items():
            parent_id = await _category_id(session, root, None)
            if parent_id is None:
                parent_id = (
                    await categories.CATEGORIES.create(
                        session, name=root, icon=None, parent_id=None
                    )
                ).id
                tally.written += 1
            for leaf in leaves:
                if (leaf, parent_id) not in existing:
                    await categories.CATEGORIES.create(
                        session, name=leaf, icon=None, parent_id=parent_id
                    )
                    tally.written += 1
            advance(1 + len(leaves))
        await session.commit()


async def _category_id(
    session: AsyncSession, name: str, parent: uuid.UUID | None
) -> uuid.UUID | None:
    from subgraphs.freelance.models import GigCategory

    statement = select(GigCategory.id).where(GigCategory.name == name)
    statement = statement.where(
        GigCategory.parent_id.is_(None) if parent is None else GigCategory.parent_id == parent
    )
    return (await session.execute(statement.limit(1))).scalar()


async def _create_gig(gig: GigPlan, category_id: uuid.UUID | None, session: AsyncSession) -> None:
    from subgraphs.freelance.rules import gigs

    seller = gig.seller.id
    row = await gigs.create_gig(
        session,
        seller,
        title=gig.title,
        description=gig.description,
        category_id=category_id,
        tags=gig.tags,
        images=[gigs.ImageSpec(url, caption=None) for url in gig.images],
        packages=[
            gigs.PackageSpec(
                tier=p.tier,
                name=p.name,
                price=p.price,
                delivery_days=p.delivery_days,
                description=p.description,
                revisions=p.revisions,
                features=p.features,
            )
            for p in gig.packages
        ],
    )
    if gig.final == "DRAFT":
        return
    await gigs.change_status(session, seller, row.id, "submit")
    if gig.final == "PENDING_APPROVAL" or gig.moderator is None:
        return
    if gig.final == "REJECTED":
        reason = "Please add examples of earlier work and a clearer description of the packages."
        await gigs.change_status(
            session, gig.moderator.id, row.id, "reject", is_moderator=True, reason=reason
        )
        return
    await gigs.change_status(session, gig.moderator.id, row.id, "approve", is_moderator=True)


async def _finish_gig(gig: GigPlan, gig_id: uuid.UUID, session: AsyncSession) -> None:
    """Paused or archived after taking its orders."""
    from subgraphs.freelance.rules import gigs

    action = "pause" if gig.final == "PAUSED" else "archive"
    await gigs.change_status(session, gig.seller.id, gig_id, action)


async def _place_orders(planned: list[OrderPlan], gig_id: uuid.UUID, session: AsyncSession) -> None:
    """Orders of one gig placed in one rule call, then each order's history."""
    from subgraphs.freelance.rules import orders

    requests = [orders.OrderRequest(o.buyer.id, o.tier, o.requirements) for o in planned]
    placed = await orders.place_orders(session, gig_id, requests)
    for order, row in zip(planned, placed, strict=True):
        await _history(order, row.id, session)


async def _history(order: OrderPlan, order_id: uuid.UUID, session: AsyncSession) -> None:
    from subgraphs.freelance.rules import disputes, orders, reviews

    seller, buyer = order.gig.seller.id, order.buyer.id
    dispute = None
    for step in order.steps:
        if step == "accept":
            await orders.accept(session, order_id, seller)
        elif step == "deliver":
            await orders.deliver(
                session,
                order_id,
                seller,
                DELIVERY_MESSAGE,
                [f"https://files.agora.test/orders/{order_id}/final.zip"],
            )
        elif step == "revision":
            await orders.request_revision(session, order_id, buyer)
        elif step == "complete":
            await orders.complete(session, order_id, buyer)
        elif step in ("cancel_by_buyer", "cancel_by_seller"):
            actor = buyer if step == "cancel_by_buyer" else seller
            await orders.cancel(session, order_id, actor, CANCEL_REASON)
        elif step == "dispute":
            dispute = await disputes.open_dispute(session, order_id, buyer, DISPUTE_REASON)
            await disputes.post_message(
                session,
                dispute.id,
                seller,
                "I delivered what the requirements asked for; happy to show it.",
                is_moderator=False,
            )
        elif step == "resolve" and dispute is not None and order.moderator is not None:
            await disputes.resolve(
                session, dispute.id, order.moderator.id, order.winner, RESOLUTION
            )
    if order.review is not None:
        review = order.review
        fields = {
            "rating": review.rating,
            "comment": review.comment,
            "communication": review.communication,
            "quality": review.quality,
            "delivery": review.delivery,
        }
        written = await reviews.leave_review(session, buyer, order_id, fields)
        if review.reply is not None:
            await reviews.reply(session, seller, written.id, review.reply)


async def _favorite(user: uuid.UUID, gig_id: uuid.UUID, session: AsyncSession) -> None:
    from subgraphs.freelance.rules import gigs

    await gigs.favorite(session, user, gig_id)


async def _view(gig_id: uuid.UUID, times: int, session: AsyncSession) -> None:
    from subgraphs.freelance.rules import gigs

    for _ in range(times):
        await gigs.record_view(session, gig_id)


async def _existing_gigs(
    db: Database, plan: FreelancePlan
) -> dict[int, tuple[uuid.UUID, str, int]]:
    """Gig index -> (id, status, views) of the planned gigs that exist."""
    from subgraphs.freelance.models import Gig

    sellers = list({gig.seller.id for gig in plan.gigs})
    async with db.session() as session:
        rows = await session.execute(
            select(Gig.id, Gig.seller_id, Gig.title, Gig.status, Gig.views_count).where(
                Gig.seller_id.in_(sellers)
            )
        )
        found = {(row.seller_id, row.title): row for row in rows}
    existing = {}
    for gig in plan.gigs:
        row = found.get((gig.seller.id, gig.title))
        if row is not None:
            existing[gig.index] = (row.id, row.status, row.views_count)
    return existing


async def _existing_pairs(
    db: Database,
    user_column: InstrumentedAttribute[uuid.UUID],
    gig_column: InstrumentedAttribute[uuid.UUID],
    gig_ids: list[uuid.UUID],
) -> set[tuple[uuid.UUID, uuid.UUID]]:
    async with db.session() as session:
        rows = await session.execute(select(user_column, gig_column).where(gig_column.in_(gig_ids)))
        return {(row[0], row[1]) for row in rows}


async def seed_part(
    db: Database, plan: FreelancePlan, tally: Tally, advance: Callable[[str, int], None]
) -> None:
    from subgraphs.freelance.models import Favorite, GigCategory, Order

    async with db.session() as session:
        categories = {
            name: id for name, id in await session.execute(select(GigCategory.name, GigCategory.id))
        }

    existing = await _existing_gigs(db, plan)
    missing = [gig for gig in plan.gigs if gig.index not in existing]
    advance("gigs", len(plan.gigs) - len(missing))
    gig_ops: list[Op] = [partial(_create_gig, gig, categories.get(gig.category)) for gig in missing]
    await run_ops(db, gig_ops, tally, partial(advance, "gigs"))
    existing = await _existing_gigs(db, plan)
    ids = {index: row[0] for index, row in existing.items()}
    # Only an ACTIVE gig takes orders (a gig changed by hand since is left alone).
    taking = {index for index, row in existing.items() if row[1] == "ACTIVE"}

    placed = await _existing_pairs(db, Order.buyer_id, Order.gig_id, list(ids.values()))
    by_gig: dict[uuid.UUID, list[OrderPlan]] = {}
    for order in plan.orders:
        gig_id = ids.get(order.gig.index)
        if gig_id is None or (order.buyer.id, gig_id) in placed or order.gig.index not in taking:
            advance("orders", 1)
            continue
        by_gig.setdefault(gig_id, []).append(order)
    await run_grouped_ops(
        db,
        by_gig,
        ORDERS_PER_OP,
        _place_orders,
        tally,
        partial(advance, "orders"),
        batch=BATCH // ORDERS_PER_OP,
    )

    finish: list[Op] = [
        partial(_finish_gig, gig, existing[gig.index][0])
        for gig in plan.gigs
        if gig.final in ("PAUSED", "ARCHIVED")
        and gig.index in existing
        and existing[gig.index][1] == "ACTIVE"
    ]
    views: list[Op] = [
        partial(_view, existing[index][0], times)
        for index, times in plan.views.items()
        if index in existing and existing[index][2] == 0
    ]
    await run_ops(db, [*finish, *views], tally, lambda _: None)

    liked = await _existing_pairs(db, Favorite.user_id, Favorite.gig_id, list(ids.values()))
    favorite_ops: list[Op] = []
    for user, gig in plan.favorites:
        gig_id = ids.get(gig.index)
        if gig_id is None or (user.id, gig_id) in liked:
            advance("gig favorites", 1)
            continue
        favorite_ops.append(partial(_favorite, user.id, gig_id))
    await run_ops(db, favorite_ops, tally, partial(advance, "gig favorites"))
