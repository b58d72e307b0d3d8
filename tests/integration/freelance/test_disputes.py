"""Disputes: opening, talking, moderator resolution, who sees what."""

from __future__ import annotations

from typing import Any

from subgraphs.kit.database import Database
from tests.integration.accounts import Account
from tests.integration.freelance.events import events_about, kinds_and_recipients
from tests.integration.freelance.studio import Studio
from tests.support.graphql import error_codes

OPEN = """
mutation($input: OpenDisputeInput!) {
  openDispute(input: $input) {
    dispute { id status reason openedBy { id } winner }
    order { id status disputedAt }
    errors { field code }
  }
}
"""
MESSAGE = """
mutation($input: PostDisputeMessageInput!) {
  postDisputeMessage(input: $input) { message { id body author { id } } errors { field code } }
}
"""
RESOLVE = """
mutation($input: ResolveDisputeInput!) {
  resolveDispute(input: $input) {
    dispute { id status winner resolution resolvedBy { id } resolvedAt }
    order { id status }
    errors { field code }
  }
}
"""
DISPUTES = """
query($status: DisputeStatus) {
  disputes(status: $status, first: 100) { edges { node { id status order { id } } } }
}
"""
ORDER = """
query($id: ID!) { order(id: $id) { id status dispute { id status messages { body author { id } } } } }
"""
REASON = "The delivered files do not match the agreed brief at all."


async def open_dispute(
    studio: Studio, order_id: str, account: Account, reason: str = REASON
) -> dict[str, Any]:
    return await studio.payload(
        OPEN, {"input": {"orderId": order_id, "reason": reason}}, account.access, "openDispute"
    )


async def disputed(studio: Studio) -> tuple[Account, Account, dict[str, Any], dict[str, Any]]:
    seller, buyer, _, order = await studio.delivered_order()
    opened = await open_dispute(studio, order["id"], buyer)
    assert opened["errors"] == [], opened["errors"]
    return seller, buyer, order, opened["dispute"]


async def test_either_party_opens_a_dispute_on_a_running_order(
    studio: Studio, freelance_local_db: Database
) -> None:
    seller, buyer, _, order = await studio.delivered_order()
    short = await open_dispute(studio, order["id"], buyer, "Not good.")
    assert [(e["code"], e["field"]) for e in short["errors"]] == [("TOO_SHORT", "reason")]
    opened = await open_dispute(studio, order["id"], buyer)
    assert opened["errors"] == []
    assert opened["dispute"]["status"] == "OPEN" and opened["dispute"]["openedBy"] == {
        "id": buyer.id
    }
    assert opened["order"]["status"] == "DISPUTED" and opened["order"]["disputedAt"] is not None
    again = await open_dispute(studio, order["id"], seller)
    assert [e["code"] for e in again["errors"]] == ["INVALID_TRANSITION"]
    events = await events_about(freelance_local_db, "disputeId", opened["dispute"]["id"])
    assert kinds_and_recipients(events) == [("DISPUTE_OPENED", seller.id)]
    # By the seller, on an order in progress.
    other_seller, other_buyer = await studio.seller(), await studio.buyer()
    gig = await studio.active_gig(other_seller)
    running = await studio.order(other_buyer, gig["id"])
    pending = await open_dispute(studio, running["id"], other_seller)
    assert [e["code"] for e in pending["errors"]] == ["INVALID_TRANSITION"]
    await studio.act("acceptOrder", running["id"], other_seller)
    assert (await open_dispute(studio, running["id"], other_seller))["errors"] == []


async def test_strangers_cannot_open_or_join_a_dispute(studio: Studio) -> None:
    _seller, _buyer, order, dispute = await disputed(studio)
    stranger = await studio.buyer()
    body = await studio.client.execute(
        OPEN, {"input": {"orderId": order["id"], "reason": REASON}}, token=stranger.access
    )
    assert error_codes(body) == ["FORBIDDEN"]
    message = await studio.client.execute(
        MESSAGE,
        {"input": {"disputeId": dispute["id"], "body": "Let me in please"}},
        token=stranger.access,
    )
    assert error_codes(message) == ["FORBIDDEN"]


async def test_messages_go_to_the_other_party(studio: Studio, freelance_local_db: Database) -> None:
    seller, buyer, order, dispute = await disputed(studio)
    for body, code in (("Hey", "TOO_SHORT"), ("x" * 1001, "TOO_LONG")):
        bad = await studio.payload(
            MESSAGE,
            {"input": {"disputeId": dispute["id"], "body": body}},
            buyer.access,
            "postDisputeMessage",
        )
        assert [(e["code"], e["field"]) for e in bad["errors"]] == [(code, "body")]
    for account, body in (
        (buyer, "The logo is the wrong colour."),
        (seller, "It matches the brief you sent."),
        (studio.moderator, "Please both upload the brief."),
    ):
        posted = await studio.payload(
            MESSAGE,
            {"input": {"disputeId": dispute["id"], "body": body}},
            account.access,
            "postDisputeMessage",
        )
        assert posted["errors"] == [] and posted["message"]["author"] == {"id": account.id}
    seen = await studio.data(ORDER, {"id": order["id"]}, token=seller.access)
    assert [(m["author"]["id"], m["body"]) for m in seen["order"]["dispute"]["messages"]] == [
        (buyer.id, "The logo is the wrong colour."),
        (seller.id, "It matches the brief you sent."),
        (studio.moderator.id, "Please both upload the brief."),
    ]
    events = [
        e
        for e in await events_about(freelance_local_db, "disputeId", dispute["id"])
        if e.kind == "DISPUTE_MESSAGE"
    ]
    assert sorted((e.actor_id, e.recipient_id) for e in events) == sorted(
        [
            (buyer.id, seller.id),
            (seller.id, buyer.id),
            (studio.moderator.id, buyer.id),
            (studio.moderator.id, seller.id),
        ]
    )


async def test_only_moderators_resolve(studio: Studio) -> None:
    seller, buyer, order, dispute = await disputed(studio)
    for account in (seller, buyer):
        body = await studio.client.execute(
            RESOLVE,
            {"input": {"disputeId": dispute["id"], "winner": "SELLER", "resolution": REASON}},
            token=account.access,
        )
        assert error_codes(body) == ["FORBIDDEN"]
    listing = await studio.client.execute(DISPUTES, {}, token=buyer.access)
    assert error_codes(listing) == ["FORBIDDEN"]
    seen = await studio.data(ORDER, {"id": order["id"]}, token=buyer.access)
    assert seen["order"]["status"] == "DISPUTED"


async def test_seller_wins_completes_buyer_wins_cancels(
    studio: Studio, freelance_local_db: Database
) -> None:
    moderator = studio.moderator
    for winner, final in (("SELLER", "COMPLETED"), ("BUYER", "CANCELLED")):
        seller, buyer, order, dispute = await disputed(studio)
        # A moderator sees a disputed order and the open dispute in the queue.
        assert (await studio.data(ORDER, {"id": order["id"]}, token=moderator.access))["order"]
        queue = await studio.data(DISPUTES, {"status": "OPEN"}, token=moderator.access)
        assert dispute["id"] in [e["node"]["id"] for e in queue["disputes"]["edges"]]
        short = await studio.payload(
            RESOLVE,
            {"input": {"disputeId": dispute["id"], "winner": winner, "resolution": "Too short"}},
            moderator.access,
            "resolveDispute",
        )
        assert [(e["code"], e["field"]) for e in short["errors"]] == [("TOO_SHORT", "resolution")]
        resolved = await studio.payload(
            RESOLVE,
            {"input": {"disputeId": dispute["id"], "winner": winner, "resolution": REASON}},
            moderator.access,
            "resolveDispute",
        )
        assert resolved["errors"] == []
        assert resolved["dispute"]["status"] == "RESOLVED"
        assert resolved["dispute"]["winner"] == winner
        assert resolved["dispute"]["resolvedBy"] == {"id": moderator.id}
        assert resolved["order"] == {"id": order["id"], "status": final}
        twice = await studio.payload(
            RESOLVE,
            {"input": {"disputeId": dispute["id"], "winner": winner, "resolution": REASON}},
            moderator.access,
            "resolveDispute",
        )
        assert [e["code"] for e in twice["errors"]] == ["INVALID_TRANSITION"]
        closed = await studio.payload(
            MESSAGE,
            {"input": {"disputeId": dispute["id"], "body": "One more thing"}},
            buyer.access,
            "postDisputeMessage",
        )
        assert [e["code"] for e in closed["errors"]] == ["DISPUTE_CLOSED"]
        events = [
            e
            for e in await events_about(freelance_local_db, "disputeId", dispute["id"])
            if e.kind == "DISPUTE_RESOLVED"
        ]
        assert sorted(e.recipient_id for e in events) == sorted([buyer.id, seller.id])
        assert {e.data["winner"] for e in events} == {winner}
    unknown = await studio.payload(
        RESOLVE,
        {
            "input": {
                "disputeId": "00000000-0000-0000-0000-000000000000",
                "winner": "BUYER",
                "resolution": REASON,
            }
        },
        moderator.access,
        "resolveDispute",
    )
    assert [e["code"] for e in unknown["errors"]] == ["NOT_FOUND"]
