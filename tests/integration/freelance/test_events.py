"""Every freelance event of DOMAIN.md §5 lands in the outbox with its recipient, actor and data,
in the transaction of its cause (a refused change writes no event)."""

from __future__ import annotations

from subgraphs.kit.database import Database
from tests.integration.freelance.events import events_about
from tests.integration.freelance.studio import DESCRIPTION, Studio

KINDS = {
    "ORDER_PLACED",
    "ORDER_ACCEPTED",
    "ORDER_DELIVERED",
    "REVISION_REQUESTED",
    "ORDER_COMPLETED",
    "ORDER_CANCELLED",
    "DISPUTE_OPENED",
    "DISPUTE_MESSAGE",
    "DISPUTE_RESOLVED",
    "REVIEW_POSTED",
    "REVIEW_REPLIED",
    "PROPOSAL_RECEIVED",
    "PROPOSAL_ACCEPTED",
    "PROPOSAL_REJECTED",
    "GIG_APPROVED",
    "GIG_REJECTED",
}
REASON = "The work does not match what we agreed on."


async def test_every_kind_carries_ids_and_a_title(
    studio: Studio, freelance_local_db: Database
) -> None:
    seller, buyer, gig, order = await studio.delivered_order()
    run = studio.payload
    await studio.act("requestRevision", order["id"], buyer)
    await studio.deliver(order["id"], seller)
    await studio.act("completeOrder", order["id"], buyer)
    review = await run(
        "mutation($i: LeaveReviewInput!) { leaveReview(input: $i) { review { id } } }",
        {"i": {"orderId": order["id"], "rating": 4, "comment": "Good work overall."}},
        buyer.access,
        "leaveReview",
    )
    await run(
        "mutation($i: ReplyToReviewInput!) { replyToReview(input: $i) { errors { code } } }",
        {"i": {"reviewId": review["review"]["id"], "body": "Thanks for the order!"}},
        seller.access,
        "replyToReview",
    )
    cancelled = await studio.order(buyer, gig["id"])
    await run(
        "mutation($i: CancelOrderInput!) { cancelOrder(input: $i) { errors { code } } }",
        {"i": {"orderId": cancelled["id"], "reason": "Ordered twice"}},
        buyer.access,
        "cancelOrder",
    )
    disputed = await studio.order(buyer, gig["id"])
    await studio.act("acceptOrder", disputed["id"], seller)
    opened = await run(
        "mutation($i: OpenDisputeInput!) { openDispute(input: $i) { dispute { id } } }",
        {"i": {"orderId": disputed["id"], "reason": REASON}},
        buyer.access,
        "openDispute",
    )
    dispute_id = opened["dispute"]["id"]
    await run(
        "mutation($i: PostDisputeMessageInput!) { postDisputeMessage(input: $i) { errors { code } } }",
        {"i": {"disputeId": dispute_id, "body": "Here is my side."}},
        seller.access,
        "postDisputeMessage",
    )
    await run(
        "mutation($i: ResolveDisputeInput!) { resolveDispute(input: $i) { errors { code } } }",
        {"i": {"disputeId": dispute_id, "winner": "BUYER", "resolution": REASON}},
        studio.moderator.access,
        "resolveDispute",
    )
    send = "mutation($i: SendProposalInput!) { sendProposal(input: $i) { proposal { id } } }"
    offers = []
    for _ in range(2):
        someone = await studio.buyer()
        sent = await run(
            send,
            {
                "i": {
                    "gigId": gig["id"],
                    "buyerId": someone.id,
                    "title": "A custom offer for you",
                    "description": DESCRIPTION,
                    "price": "99.00",
                    "deliveryDays": 4,
                }
            },
            seller.access,
            "sendProposal",
        )
        offers.append((someone, sent["proposal"]["id"]))
    await run(
        "mutation($id: ID!) { acceptProposal(proposalId: $id) { errors { code } } }",
        {"id": offers[0][1]},
        offers[0][0].access,
        "acceptProposal",
    )
    await run(
        "mutation($id: ID!) { rejectProposal(proposalId: $id) { errors { code } } }",
        {"id": offers[1][1]},
        offers[1][0].access,
        "rejectProposal",
    )
    draft = await studio.draft(seller)
    await studio.set_packages(
        seller, draft["id"], [{"tier": "BASIC", "name": "Basic", "price": "5", "deliveryDays": 1}]
    )
    await studio.gig_action("submitGig", draft["id"], seller.access)
    await run(
        "mutation($i: RejectGigInput!) { rejectGig(input: $i) { errors { code } } }",
        {"i": {"gigId": draft["id"], "reason": "Add a longer description."}},
        studio.moderator.access,
        "rejectGig",
    )

    rows = await events_about(freelance_local_db, "gigId", gig["id"])
    rows += await events_about(freelance_local_db, "gigId", draft["id"])
    assert {row.kind for row in rows} == KINDS
    parties = {seller.id, buyer.id, offers[0][0].id, offers[1][0].id}
    for row in rows:
        assert row.recipient_id in parties, row
        assert row.actor_id is not None and row.actor_id != row.recipient_id, row
        assert row.data["gigTitle"] in (gig["title"], draft["title"]), row
    resolved = [row.recipient_id for row in rows if row.kind == "DISPUTE_RESOLVED"]
    assert sorted(resolved) == sorted([buyer.id, seller.id])


async def test_a_refused_change_writes_no_event(
    studio: Studio, freelance_local_db: Database
) -> None:
    _seller, buyer, _, order = await studio.completed_order()
    before = await events_about(freelance_local_db, "orderId", order["id"])
    again = await studio.act("completeOrder", order["id"], buyer)
    assert [e["code"] for e in again["errors"]] == ["INVALID_TRANSITION"]
    refused = await studio.act("requestRevision", order["id"], buyer)
    assert refused["errors"]
    assert await events_about(freelance_local_db, "orderId", order["id"]) == before
