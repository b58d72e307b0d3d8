"""Reviews: who may write them, their limits, one reply, and rating recomputation."""

from __future__ import annotations

from typing import Any

import pytest

from subgraphs.kit.database import Database
from tests.integration.freelance.events import events_about, kinds_and_recipients
from tests.integration.freelance.studio import Studio
from tests.support.graphql import error_codes

REVIEW_FIELDS = "id rating comment communication quality delivery reply buyer { id } seller { id }"
LEAVE = f"""
mutation($input: LeaveReviewInput!) {{
  leaveReview(input: $input) {{
    review {{ {REVIEW_FIELDS} }} gig {{ id rating {{ average count }} }} errors {{ field code }}
  }}
}}
"""
EDIT = f"""
mutation($input: EditReviewInput!) {{
  editReview(input: $input) {{
    review {{ {REVIEW_FIELDS} }} gig {{ rating {{ average count }} }} errors {{ field code }}
  }}
}}
"""
DELETE = """
mutation($id: ID!) {
  deleteReview(reviewId: $id) { gig { rating { average count } } errors { field code } }
}
"""
REPLY = f"""
mutation($input: ReplyToReviewInput!) {{
  replyToReview(input: $input) {{ review {{ {REVIEW_FIELDS} }} errors {{ field code }} }}
}}
"""
RATINGS = """
query($gig: ID!, $reps: [_Any!]!) {
  gig(id: $gig) { rating { average count } reviews { totalCount edges { node { rating comment } } } }
  _entities(representations: $reps) { ... on User { freelancerRating { average count } } }
}
"""
COMMENT = "Great work, delivered early and exactly as asked."


def review_input(order_id: str, **fields: Any) -> dict[str, Any]:
    return {"input": {"orderId": order_id, "rating": 5, "comment": COMMENT, **fields}}


async def ratings(studio: Studio, gig_id: str, seller_id: str) -> dict[str, Any]:
    return await studio.data(
        RATINGS, {"gig": gig_id, "reps": [{"__typename": "User", "id": seller_id}]}
    )


async def test_rating_follows_create_edit_delete(
    studio: Studio, freelance_local_db: Database
) -> None:
    seller, buyer, gig, order = await studio.completed_order()
    other_buyer = await studio.buyer()
    second = await studio.order(other_buyer, gig["id"])
    await studio.act("acceptOrder", second["id"], seller)
    await studio.deliver(second["id"], seller)
    await studio.act("completeOrder", second["id"], other_buyer)

    first = await studio.payload(
        LEAVE, review_input(order["id"], rating=5, quality=4), buyer.access, "leaveReview"
    )
    assert first["errors"] == []
    assert first["review"]["buyer"] == {"id": buyer.id} and first["review"]["quality"] == 4
    assert first["gig"]["rating"] == {"average": 5.0, "count": 1}
    second_review = await studio.payload(
        LEAVE, review_input(second["id"], rating=2), other_buyer.access, "leaveReview"
    )
    assert second_review["gig"]["rating"] == {"average": 3.5, "count": 2}
    seen = await ratings(studio, gig["id"], seller.id)
    assert seen["gig"]["rating"] == {"average": 3.5, "count": 2}
    assert seen["_entities"][0]["freelancerRating"] == {"average": 3.5, "count": 2}
    assert seen["gig"]["reviews"]["totalCount"] == 2

    edited = await studio.payload(
        EDIT,
        {"input": {"reviewId": first["review"]["id"], "rating": 3}},
        buyer.access,
        "editReview",
    )
    assert edited["errors"] == []
    assert edited["review"]["comment"] == COMMENT and edited["review"]["quality"] == 4
    assert edited["gig"]["rating"] == {"average": 2.5, "count": 2}

    deleted = await studio.payload(
        DELETE, {"id": second_review["review"]["id"]}, other_buyer.access, "deleteReview"
    )
    assert deleted == {"gig": {"rating": {"average": 3.0, "count": 1}}, "errors": []}
    seen = await ratings(studio, gig["id"], seller.id)
    assert seen["gig"]["rating"] == {"average": 3.0, "count": 1}
    assert seen["_entities"][0]["freelancerRating"] == {"average": 3.0, "count": 1}
    assert [e["node"]["rating"] for e in seen["gig"]["reviews"]["edges"]] == [3]
    events = await events_about(freelance_local_db, "reviewId", first["review"]["id"])
    assert kinds_and_recipients(events) == [("REVIEW_POSTED", seller.id)]


async def test_who_may_review(studio: Studio) -> None:
    seller, buyer, gig, order = await studio.delivered_order()
    not_done = await studio.payload(LEAVE, review_input(order["id"]), buyer.access, "leaveReview")
    assert [e["code"] for e in not_done["errors"]] == ["ORDER_NOT_COMPLETED"]
    await studio.act("completeOrder", order["id"], buyer)
    for account in (seller, await studio.buyer()):
        body = await studio.client.execute(LEAVE, review_input(order["id"]), token=account.access)
        assert error_codes(body) == ["FORBIDDEN"]
    assert (await studio.payload(LEAVE, review_input(order["id"]), buyer.access, "leaveReview"))[
        "errors"
    ] == []
    twice = await studio.payload(LEAVE, review_input(order["id"]), buyer.access, "leaveReview")
    assert [e["code"] for e in twice["errors"]] == ["ALREADY_REVIEWED"]
    assert (await ratings(studio, gig["id"], seller.id))["gig"]["rating"]["count"] == 1


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"rating": 0}, "INVALID_RATING", "rating"),
        ({"rating": 6}, "INVALID_RATING", "rating"),
        ({"comment": "Too short"}, "TOO_SHORT", "comment"),
        ({"comment": "c" * 2001}, "TOO_LONG", "comment"),
        ({"communication": 0}, "INVALID_RATING", "communication"),
        ({"quality": 6}, "INVALID_RATING", "quality"),
        ({"delivery": -1}, "INVALID_RATING", "delivery"),
    ],
)
async def test_review_limits(studio: Studio, fields: dict[str, Any], code: str, field: str) -> None:
    # An unknown order is enough: the limits are checked before anything is loaded.
    result = await studio.payload(
        LEAVE,
        review_input("00000000-0000-0000-0000-000000000000", **fields),
        studio.moderator.access,
        "leaveReview",
    )
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)]


async def test_edit_and_delete_are_for_the_author(studio: Studio) -> None:
    seller, buyer, gig, order = await studio.completed_order()
    review = (await studio.payload(LEAVE, review_input(order["id"]), buyer.access, "leaveReview"))[
        "review"
    ]
    for account in (seller, await studio.buyer()):
        edit = await studio.client.execute(
            EDIT, {"input": {"reviewId": review["id"], "rating": 1}}, token=account.access
        )
        assert error_codes(edit) == ["FORBIDDEN"]
        delete = await studio.client.execute(DELETE, {"id": review["id"]}, token=account.access)
        assert error_codes(delete) == ["FORBIDDEN"]
    cleared = await studio.payload(
        EDIT, {"input": {"reviewId": review["id"], "comment": None}}, buyer.access, "editReview"
    )
    assert [e["code"] for e in cleared["errors"]] == ["REQUIRED"]
    bad = await studio.payload(
        EDIT, {"input": {"reviewId": review["id"], "rating": 9}}, buyer.access, "editReview"
    )
    assert [e["code"] for e in bad["errors"]] == ["INVALID_RATING"]
    assert (await ratings(studio, gig["id"], seller.id))["gig"]["rating"] == {
        "average": 5.0,
        "count": 1,
    }


async def test_the_seller_replies_once(studio: Studio, freelance_local_db: Database) -> None:
    seller, buyer, _, order = await studio.completed_order()
    review = (await studio.payload(LEAVE, review_input(order["id"]), buyer.access, "leaveReview"))[
        "review"
    ]
    short = await studio.payload(
        REPLY,
        {"input": {"reviewId": review["id"], "body": "Thanks"}},
        seller.access,
        "replyToReview",
    )
    assert [(e["code"], e["field"]) for e in short["errors"]] == [("TOO_SHORT", "body")]
    not_seller = await studio.client.execute(
        REPLY,
        {"input": {"reviewId": review["id"], "body": "Thank you very much!"}},
        token=buyer.access,
    )
    assert error_codes(not_seller) == ["FORBIDDEN"]
    replied = await studio.payload(
        REPLY,
        {"input": {"reviewId": review["id"], "body": "Thank you very much!"}},
        seller.access,
        "replyToReview",
    )
    assert replied["review"]["reply"] == "Thank you very much!"
    again = await studio.payload(
        REPLY,
        {"input": {"reviewId": review["id"], "body": "Thank you once more!"}},
        seller.access,
        "replyToReview",
    )
    assert [e["code"] for e in again["errors"]] == ["ALREADY_REPLIED"]
    events = await events_about(freelance_local_db, "reviewId", review["id"])
    assert kinds_and_recipients(events) == [
        ("REVIEW_POSTED", seller.id),
        ("REVIEW_REPLIED", buyer.id),
    ]
