"""Proposals: custom offers from a gig's seller to one buyer; accepting places an order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from subgraphs.kit.database import Database
from tests.integration.accounts import Account
from tests.integration.freelance.events import events_about, kinds_and_recipients
from tests.integration.freelance.studio import DESCRIPTION, Studio
from tests.support.graphql import error_codes

PROPOSAL_FIELDS = "id title price deliveryDays revisions message status expiresAt seller { id } buyer { id } gig { id }"
SEND = f"""
mutation($input: SendProposalInput!) {{
  sendProposal(input: $input) {{ proposal {{ {PROPOSAL_FIELDS} }} errors {{ field code }} }}
}}
"""
ACCEPT = f"""
mutation($id: ID!) {{
  acceptProposal(proposalId: $id) {{
    proposal {{ {PROPOSAL_FIELDS} order {{ id }} }}
    order {{ id status revisionsLeft package {{ tier name price deliveryDays revisions }} buyer {{ id }} }}
    errors {{ field code }}
  }}
}}
"""
REJECT = f"""
mutation($id: ID!) {{
  rejectProposal(proposalId: $id) {{ proposal {{ {PROPOSAL_FIELDS} }} errors {{ field code }} }}
}}
"""
MINE = """
query($direction: ProposalDirection, $status: ProposalStatus) {
  myProposals(direction: $direction, status: $status) { totalCount edges { node { id status } } }
}
"""


def offer(gig_id: str, buyer_id: str, **fields: Any) -> dict[str, Any]:
    values = {
        "gigId": gig_id,
        "buyerId": buyer_id,
        "title": "Custom logo with three concepts",
        "description": DESCRIPTION,
        "price": "345.50",
        "deliveryDays": 7,
        "revisions": 2,
        "message": "As we discussed.",
    }
    return {"input": values | fields}


async def send(
    studio: Studio, seller: Account, gig_id: str, buyer: Account, **fields: Any
) -> dict[str, Any]:
    return await studio.payload(
        SEND, offer(gig_id, buyer.id, **fields), seller.access, "sendProposal"
    )


async def test_accepting_places_a_pending_order_with_the_terms(
    studio: Studio, freelance_local_db: Database
) -> None:
    seller, buyer = await studio.seller(), await studio.buyer()
    gig = await studio.active_gig(seller)
    sent = await send(studio, seller, gig["id"], buyer)
    assert sent["errors"] == []
    proposal = sent["proposal"]
    assert proposal["status"] == "PENDING" and proposal["price"] == "345.50"
    assert proposal["seller"] == {"id": seller.id} and proposal["buyer"] == {"id": buyer.id}
    accepted = await studio.payload(ACCEPT, {"id": proposal["id"]}, buyer.access, "acceptProposal")
    assert accepted["errors"] == []
    assert accepted["proposal"]["status"] == "ACCEPTED"
    assert accepted["order"]["status"] == "PENDING" and accepted["order"]["revisionsLeft"] == 2
    assert accepted["order"]["package"] == {
        "tier": None,
        "name": "Custom logo with three concepts",
        "price": "345.50",
        "deliveryDays": 7,
        "revisions": 2,
    }
    assert accepted["proposal"]["order"] == {"id": accepted["order"]["id"]}
    again = await studio.payload(ACCEPT, {"id": proposal["id"]}, buyer.access, "acceptProposal")
    assert [e["code"] for e in again["errors"]] == ["INVALID_TRANSITION"]
    events = await events_about(freelance_local_db, "proposalId", proposal["id"])
    assert kinds_and_recipients(events) == [
        ("PROPOSAL_RECEIVED", buyer.id),
        ("PROPOSAL_ACCEPTED", seller.id),
    ]
    # The seller can then run the order as usual.
    assert (await studio.act("acceptOrder", accepted["order"]["id"], seller))["errors"] == []


async def test_send_rules_and_limits(studio: Studio) -> None:
    seller, buyer = await studio.seller(), await studio.buyer()
    gig = await studio.active_gig(seller)
    draft = await studio.draft(seller)
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"title": "Too short"}, "TOO_SHORT", "title"),
        ({"description": "Too short for a proposal"}, "TOO_SHORT", "description"),
        ({"description": "d" * 2001}, "TOO_LONG", "description"),
        ({"price": "0"}, "INVALID_PRICE", "price"),
        ({"price": "1000000.01"}, "INVALID_PRICE", "price"),
        ({"deliveryDays": 0}, "INVALID_DELIVERY_DAYS", "deliveryDays"),
        ({"revisions": -1}, "INVALID_REVISIONS", "revisions"),
        ({"buyerId": seller.id}, "INVALID_BUYER", "buyerId"),
        ({"gigId": draft["id"]}, "GIG_NOT_AVAILABLE", "gigId"),
        ({"gigId": "nope"}, "NOT_FOUND", "gigId"),
    ]
    for fields, code, field in cases:
        result = await send(studio, seller, gig["id"], buyer, **fields)
        assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)], fields
    other_seller = await studio.seller()
    body = await studio.client.execute(SEND, offer(gig["id"], buyer.id), token=other_seller.access)
    assert error_codes(body) == ["FORBIDDEN"]
    assert (await send(studio, seller, gig["id"], buyer))["errors"] == []
    duplicate = await send(studio, seller, gig["id"], buyer)
    assert [e["code"] for e in duplicate["errors"]] == ["PROPOSAL_EXISTS"]


async def test_reject_and_expiry(studio: Studio, freelance_local_db: Database) -> None:
    seller, buyer, stranger = await studio.seller(), await studio.buyer(), await studio.buyer()
    gig = await studio.active_gig(seller)
    proposal = (await send(studio, seller, gig["id"], buyer))["proposal"]
    not_mine = await studio.client.execute(REJECT, {"id": proposal["id"]}, token=stranger.access)
    assert error_codes(not_mine) == ["FORBIDDEN"]
    own = await studio.client.execute(ACCEPT, {"id": proposal["id"]}, token=seller.access)
    assert error_codes(own) == ["FORBIDDEN"]
    rejected = await studio.payload(REJECT, {"id": proposal["id"]}, buyer.access, "rejectProposal")
    assert rejected["proposal"]["status"] == "REJECTED"
    late = await studio.payload(ACCEPT, {"id": proposal["id"]}, buyer.access, "acceptProposal")
    assert [e["code"] for e in late["errors"]] == ["INVALID_TRANSITION"]
    events = await events_about(freelance_local_db, "proposalId", proposal["id"])
    assert kinds_and_recipients(events)[-1] == ("PROPOSAL_REJECTED", seller.id)

    fresh = (await send(studio, seller, gig["id"], buyer))["proposal"]
    async with freelance_local_db.session() as session:
        await session.execute(
            text("UPDATE proposals SET expires_at = now() - interval '1 minute' WHERE id = :id"),
            {"id": fresh["id"]},
        )
        await session.commit()
    expired = await studio.payload(ACCEPT, {"id": fresh["id"]}, buyer.access, "acceptProposal")
    assert [e["code"] for e in expired["errors"]] == ["PROPOSAL_EXPIRED"]
    listed = await studio.data(
        MINE, {"direction": "RECEIVED", "status": "EXPIRED"}, token=buyer.access
    )
    assert [e["node"] for e in listed["myProposals"]["edges"]] == [
        {"id": fresh["id"], "status": "EXPIRED"}
    ]
    # An expired offer no longer blocks a new one.
    assert (await send(studio, seller, gig["id"], buyer))["errors"] == []


async def test_my_proposals_by_direction_and_status(studio: Studio) -> None:
    seller, buyer, other = await studio.seller(), await studio.buyer(), await studio.buyer()
    gig = await studio.active_gig(seller)
    to_buyer = (await send(studio, seller, gig["id"], buyer))["proposal"]
    to_other = (await send(studio, seller, gig["id"], other))["proposal"]
    await studio.payload(REJECT, {"id": to_other["id"]}, other.access, "rejectProposal")
    sent = await studio.data(MINE, {"direction": "SENT"}, token=seller.access)
    assert [e["node"]["id"] for e in sent["myProposals"]["edges"]] == [
        to_other["id"],
        to_buyer["id"],
    ]
    pending = await studio.data(
        MINE, {"direction": "SENT", "status": "PENDING"}, token=seller.access
    )
    assert pending["myProposals"]["totalCount"] == 1
    received = await studio.data(MINE, {"direction": "RECEIVED"}, token=buyer.access)
    assert [e["node"]["id"] for e in received["myProposals"]["edges"]] == [to_buyer["id"]]
    assert error_codes(await studio.client.execute(MINE, {})) == ["UNAUTHENTICATED"]
