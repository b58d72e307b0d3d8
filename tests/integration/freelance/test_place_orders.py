"""`place_orders`: many orders of one gig in one rule call, refused as `place_order` refuses
one (and then none is written), and the gig counts them all."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from subgraphs.freelance.models import Gig, Order
from subgraphs.freelance.rules.orders import OrderRequest, place_orders
from subgraphs.kit.database import Database
from subgraphs.kit.errors import DomainError
from tests.integration.freelance.studio import Studio, packages


async def test_places_every_order_and_counts_them(
    studio: Studio, freelance_local_db: Database
) -> None:
    seller = await studio.seller()
    gig = await studio.active_gig(
        seller, package_list=packages(("BASIC", "10", 1), ("PREMIUM", "90", 3))
    )
    gig_id = uuid.UUID(gig["id"])
    buyers = [uuid.uuid4() for _ in range(3)]
    requests = [
        OrderRequest(buyers[0], "BASIC", "  Blue, please.  "),
        OrderRequest(buyers[1], "PREMIUM", ""),
        OrderRequest(buyers[2], "BASIC", "Green."),
    ]
    async with freelance_local_db.session() as session:
        placed = await place_orders(session, gig_id, requests)
        await session.commit()
    assert [o.buyer_id for o in placed] == buyers
    assert [o.package_tier for o in placed] == ["BASIC", "PREMIUM", "BASIC"]
    assert [o.package_delivery_days for o in placed] == [1, 3, 1]
    assert placed[0].requirements == "Blue, please."
    assert {o.status for o in placed} == {"PENDING"}
    async with freelance_local_db.session() as session:
        count = await session.scalar(select(Gig.orders_count).where(Gig.id == gig_id))
    assert count == 3


@pytest.mark.parametrize(
    ("tier", "own", "requirements", "code"),
    [
        ("BASIC", True, "", "CANNOT_ORDER_OWN_GIG"),
        ("PREMIUM", False, "", "PACKAGE_NOT_FOUND"),
        ("BASIC", False, "r" * 3001, "TOO_LONG"),
    ],
)
async def test_one_refusal_refuses_them_all(
    studio: Studio,
    freelance_local_db: Database,
    tier: str,
    own: bool,
    requirements: str,
    code: str,
) -> None:
    seller = await studio.seller()
    gig = await studio.active_gig(seller, package_list=packages(("BASIC", "10", 1)))
    gig_id = uuid.UUID(gig["id"])
    odd_buyer = uuid.UUID(seller.id) if own else uuid.uuid4()
    requests = [
        OrderRequest(uuid.uuid4(), "BASIC", ""),
        OrderRequest(odd_buyer, tier, requirements),
    ]
    async with freelance_local_db.session() as session:
        with pytest.raises(DomainError) as refused:
            await place_orders(session, gig_id, requests)
        await session.rollback()
    assert refused.value.code == code
    async with freelance_local_db.session() as session:
        orders = await session.scalar(select(func.count()).where(Order.gig_id == gig_id))
    assert orders == 0


async def test_a_gig_not_taking_orders_takes_none(
    studio: Studio, freelance_local_db: Database
) -> None:
    seller = await studio.seller()
    gig = await studio.active_gig(seller)
    await studio.gig_action("pauseGig", gig["id"], seller.access)
    async with freelance_local_db.session() as session:
        with pytest.raises(DomainError) as refused:
            await place_orders(
                session, uuid.UUID(gig["id"]), [OrderRequest(uuid.uuid4(), "BASIC", "")]
            )
    assert refused.value.code == "GIG_NOT_AVAILABLE"
