"""Rows a transaction inserted or locked are not locked again by later rules of the same
transaction (subgraphs.kit.held), and the rules still answer as before; a gig created with
its packages in one call is the gig `set_packages` would have made."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.models import Gig, GigPackage, Order
from subgraphs.freelance.rules import disputes, gigs, orders, reviews
from subgraphs.kit.database import Database
from subgraphs.kit.errors import DomainError
from tests.integration.freelance.studio import DESCRIPTION, Studio, packages
from tests.support.sql import count_statements

REVIEW = {"rating": 4, "comment": "Good work, delivered on time."}


async def _gig(studio: Studio) -> tuple[uuid.UUID, uuid.UUID]:
    """An ACTIVE gig with one BASIC package: its id and its seller's."""
    seller = await studio.seller()
    gig = await studio.active_gig(seller, package_list=packages(("BASIC", "10", 1)))
    return uuid.UUID(gig["id"]), uuid.UUID(seller.id)


async def _accepted_order(studio: Studio, session: AsyncSession) -> Order:
    """An order of a new gig's BASIC package, placed and accepted in `session`'s transaction."""
    gig_id, seller_id = await _gig(studio)
    (order,) = await orders.place_orders(
        session, gig_id, [orders.OrderRequest(uuid.uuid4(), "BASIC", "")]
    )
    await orders.accept(session, order.id, seller_id)
    return order


def _locks(statements: list[str], table: str) -> list[str]:
    return [s for s in statements if s.startswith("SELECT") and "FOR UPDATE" in s and table in s]


async def test_an_order_placed_and_reviewed_in_one_transaction(
    studio: Studio, freelance_local_db: Database
) -> None:
    gig_id, seller_id = await _gig(studio)
    buyer, other = uuid.uuid4(), uuid.uuid4()
    async with freelance_local_db.session() as session:
        with count_statements(freelance_local_db.engine) as log:
            placed = await orders.place_orders(
                session,
                gig_id,
                [orders.OrderRequest(buyer, "BASIC", ""), orders.OrderRequest(other, "BASIC", "")],
            )
            first, second = (order.id for order in placed)
            for order_id, actor in ((first, buyer), (second, other)):
                await orders.accept(session, order_id, seller_id)
                await orders.deliver(session, order_id, seller_id, "All done here.", [])
                await orders.complete(session, order_id, actor)
            review = await reviews.leave_review(session, buyer, first, REVIEW)
            await reviews.reply(session, seller_id, review.id, "Thank you, come again!")
            await reviews.leave_review(session, other, second, {**REVIEW, "rating": 5})
        await session.commit()
    # The gig once (by place_orders), the orders and the review never: this transaction
    # inserted or locked them.
    assert len(_locks(log.statements, "FROM gigs")) == 1
    assert _locks(log.statements, "FROM orders") == []
    assert _locks(log.statements, "FROM reviews") == []
    async with freelance_local_db.session() as session:
        rated = (await session.execute(select(Gig).where(Gig.id == gig_id))).scalar_one()
    assert (rated.rating_average, rated.rating_count) == (Decimal("4.50"), 2)


async def test_a_later_transaction_locks_again(
    studio: Studio, freelance_local_db: Database
) -> None:
    async with freelance_local_db.session() as session:
        order = await _accepted_order(studio, session)
        seller_id, buyer = order.seller_id, order.buyer_id
        await session.commit()
        with count_statements(freelance_local_db.engine) as log:
            dispute = await disputes.open_dispute(
                session, order.id, buyer, "The work never arrived, nothing was delivered."
            )
            await disputes.post_message(
                session, dispute.id, seller_id, "It is on its way.", is_moderator=False
            )
        await session.commit()
    # Placed by an earlier transaction: the first rule locks the order, the second holds it.
    assert len(_locks(log.statements, "FROM orders")) == 1
    assert _locks(log.statements, "FROM disputes") == []


async def test_create_gig_with_its_packages(studio: Studio, freelance_local_db: Database) -> None:
    seller = uuid.UUID((await studio.seller()).id)
    specs = [
        gigs.PackageSpec("BASIC", "Basic", Decimal("25"), 5, revisions=1),
        gigs.PackageSpec("PREMIUM", "Premium", Decimal("80"), 2, features=["Source files"]),
    ]
    async with freelance_local_db.session() as session:
        gig = await gigs.create_gig(
            session,
            seller,
            title="A logo in three days, packaged",
            description=DESCRIPTION,
            category_id=None,
            tags=["logo"],
            images=[gigs.ImageSpec("https://img.agora.test/logo.png")],
            packages=specs,
        )
        await gigs.change_status(session, seller, gig.id, "submit")  # it has packages
        await session.commit()
    async with freelance_local_db.session() as session:
        stored = (await session.execute(select(Gig).where(Gig.id == gig.id))).scalar_one()
        tiers = (
            await session.execute(
                select(GigPackage.tier, GigPackage.features).where(GigPackage.gig_id == gig.id)
            )
        ).all()
    assert (stored.status, stored.min_price, stored.min_delivery_days) == (
        "PENDING_APPROVAL",
        Decimal("25.00"),
        2,
    )
    assert sorted(tiers) == [("BASIC", []), ("PREMIUM", ["Source files"])]


async def test_a_refused_package_refuses_the_gig(
    studio: Studio, freelance_local_db: Database
) -> None:
    seller = uuid.UUID((await studio.seller()).id)
    title = f"Twice the same tier {uuid.uuid4().hex[:8]}"
    twice = [gigs.PackageSpec("BASIC", "One", Decimal("5"), 1)] * 2
    async with freelance_local_db.session() as session:
        with pytest.raises(DomainError) as refused:
            await gigs.create_gig(
                session,
                seller,
                title=title,
                description=DESCRIPTION,
                category_id=None,
                tags=[],
                images=[],
                packages=twice,
            )
    assert refused.value.code == "DUPLICATE_TIER"
    async with freelance_local_db.session() as session:
        assert await session.scalar(select(func.count()).where(Gig.title == title)) == 0


async def test_an_order_placed_here_is_reviewed_once(
    studio: Studio, freelance_local_db: Database
) -> None:
    async with freelance_local_db.session() as session:
        order = await _accepted_order(studio, session)
        seller_id, buyer = order.seller_id, order.buyer_id
        await orders.deliver(session, order.id, seller_id, "All done here.", [])
        await orders.complete(session, order.id, buyer)
        with count_statements(freelance_local_db.engine) as log:
            await reviews.leave_review(session, buyer, order.id, REVIEW)
        # Placed here: no query for an earlier review; the unique index refuses a second one.
        assert not [s for s in log.statements if s.startswith("SELECT reviews.id")]
        with pytest.raises(DomainError) as refused:
            await reviews.leave_review(session, buyer, order.id, REVIEW)
    assert refused.value.code == "ALREADY_REVIEWED"
