"""Product reviews: one per user and product, never your own; the rating follows every change
in the same transaction; PRODUCT_REVIEWED goes to the seller through the outbox."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from subgraphs.kit.database import Database
from subgraphs.marketplace.models import Outbox
from tests.integration.accounts import Accounts
from tests.integration.marketplace.conftest import People
from tests.integration.marketplace.market import Market
from tests.support.graphql import error_codes

REVIEW_FIELDS = "id rating comment pros cons createdAt updatedAt author { id } product { id }"
CREATE = f"""
mutation($input: CreateProductReviewInput!) {{
  createProductReview(input: $input) {{
    review {{ {REVIEW_FIELDS} }} product {{ id rating {{ average count }} }} errors {{ field code }}
  }}
}}
"""
UPDATE = f"""
mutation($input: UpdateProductReviewInput!) {{
  updateProductReview(input: $input) {{
    review {{ {REVIEW_FIELDS} }} product {{ id rating {{ average count }} }} errors {{ field code }}
  }}
}}
"""
DELETE = """
mutation($id: ID!) {
  deleteProductReview(id: $id) { deletedReviewId product { rating { average count } } errors { field code } }
}
"""
REVIEWS = """
query($id: ID!, $first: Int, $after: String) {
  product(id: $id) {
    rating { average count }
    reviews(first: $first, after: $after) {
      totalCount edges { node { id rating author { id } } } pageInfo { hasNextPage endCursor }
    }
  }
}
"""
COMMENT = "Works as described, fast delivery."


async def review(
    market: Market, token: str, product_id: str, rating: int = 5, **fields: Any
) -> dict[str, Any]:
    values = {"productId": product_id, "rating": rating, "comment": COMMENT, **fields}
    return await market.payload(CREATE, {"input": values}, token, "createProductReview")


async def events(db: Database, product_id: str, kind: str) -> list[Outbox]:
    async with db.session() as session:
        rows = (await session.execute(select(Outbox).where(Outbox.kind == kind))).scalars()
        return [row for row in rows if row.data.get("productId") == product_id]


async def test_reviews_keep_the_rating_exact(
    people: People, market: Market, marketplace_local_db: Database
) -> None:
    product = await market.listed(people.seller.access)
    first = await review(market, people.buyer.access, product["id"], 5, pros="Light", cons="Pricey")
    assert first["errors"] == []
    assert first["review"]["pros"] == "Light" and first["review"]["cons"] == "Pricey"
    assert first["review"]["author"] == {"id": people.buyer.id}
    assert first["product"]["rating"] == {"average": 5.0, "count": 1}
    second = await review(market, people.other_buyer.access, product["id"], 2)
    assert second["product"]["rating"] == {"average": 3.5, "count": 2}

    edited = await market.payload(
        UPDATE,
        {"input": {"id": second["review"]["id"], "rating": 4}},
        people.other_buyer.access,
        "updateProductReview",
    )
    assert edited["errors"] == []
    assert edited["review"]["comment"] == COMMENT  # partial update
    assert edited["product"]["rating"] == {"average": 4.5, "count": 2}

    deleted = await market.payload(
        DELETE, {"id": first["review"]["id"]}, people.buyer.access, "deleteProductReview"
    )
    assert deleted == {
        "deletedReviewId": first["review"]["id"],
        "product": {"rating": {"average": 4.0, "count": 1}},
        "errors": [],
    }
    listing = await market.client.data(REVIEWS, {"id": product["id"]})
    assert listing["product"]["rating"] == {"average": 4.0, "count": 1}
    assert [edge["node"]["id"] for edge in listing["product"]["reviews"]["edges"]] == [
        second["review"]["id"]
    ]

    outbox = await events(marketplace_local_db, product["id"], "PRODUCT_REVIEWED")
    assert len(outbox) == 2  # one per new review; edits and deletions notify nobody
    assert {row.actor_id for row in outbox} == {people.buyer.id, people.other_buyer.id}
    assert {row.recipient_id for row in outbox} == {people.seller.id}
    assert {row.data["rating"] for row in outbox} == {5, 2}


async def test_one_review_per_user_and_none_on_your_own(
    people: People, market: Market, marketplace_local_db: Database
) -> None:
    product = await market.listed(people.seller.access)
    own = await review(market, people.seller.access, product["id"])
    assert [(e["code"], e["field"]) for e in own["errors"]] == [
        ("CANNOT_REVIEW_OWN_PRODUCT", "productId")
    ]
    assert (await review(market, people.buyer.access, product["id"]))["errors"] == []
    twice = await review(market, people.buyer.access, product["id"], 1)
    assert [e["code"] for e in twice["errors"]] == ["ALREADY_REVIEWED"]
    after = await market.product(product["id"])
    assert after is not None and after["rating"] == {"average": 5.0, "count": 1}
    # Refused reviews roll back with their event: one review, one PRODUCT_REVIEWED.
    assert len(await events(marketplace_local_db, product["id"], "PRODUCT_REVIEWED")) == 1


async def test_concurrent_reviews_count_exactly(
    people: People, market: Market, accounts: Accounts
) -> None:
    product = await market.listed(people.seller.access)
    reviewers = [await accounts.register() for _ in range(6)]
    results = await asyncio.gather(
        *(review(market, r.access, product["id"], 1 + i % 5) for i, r in enumerate(reviewers))
    )
    assert all(result["errors"] == [] for result in results)
    twice = await asyncio.gather(
        *(review(market, reviewers[0].access, product["id"]) for _ in range(3))
    )
    assert [e["code"] for result in twice for e in result["errors"]] == ["ALREADY_REVIEWED"] * 3
    after = await market.product(product["id"])
    assert after is not None
    assert after["rating"] == {"average": round((1 + 2 + 3 + 4 + 5 + 1) / 6, 2), "count": 6}


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"rating": 0}, "INVALID_RATING", "rating"),
        ({"rating": 6}, "INVALID_RATING", "rating"),
        ({"comment": "too short"}, "INVALID_COMMENT", "comment"),
        ({"comment": "c" * 2001}, "INVALID_COMMENT", "comment"),
        ({"pros": "p" * 1001}, "TOO_LONG", "pros"),
        ({"cons": "c" * 1001}, "TOO_LONG", "cons"),
        ({"productId": str(uuid.UUID(int=1))}, "NOT_FOUND", "productId"),
        ({"productId": "nope"}, "NOT_FOUND", "productId"),
    ],
)
async def test_bad_reviews(
    people: People, market: Market, fields: dict[str, Any], code: str, field: str
) -> None:
    product = await market.listed(people.seller.access)
    values = {"productId": product["id"], "rating": 3, "comment": COMMENT, **fields}
    payload = await market.payload(
        CREATE, {"input": values}, people.buyer.access, "createProductReview"
    )
    assert payload["review"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"rating": 9}, "INVALID_RATING", "rating"),
        ({"rating": None}, "REQUIRED", "rating"),
        ({"comment": None}, "REQUIRED", "comment"),
        ({"comment": "short"}, "INVALID_COMMENT", "comment"),
        ({"pros": "p" * 1001}, "TOO_LONG", "pros"),
        ({"id": str(uuid.UUID(int=2))}, "NOT_FOUND", "id"),
    ],
)
async def test_bad_review_edits_change_nothing(
    people: People, market: Market, fields: dict[str, Any], code: str, field: str
) -> None:
    product = await market.listed(people.seller.access)
    made = await review(market, people.buyer.access, product["id"], 4, pros="Good")
    payload = await market.payload(
        UPDATE,
        {"input": {"id": made["review"]["id"], "cons": "changed", **fields}},
        people.buyer.access,
        "updateProductReview",
    )
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]
    listing = await market.client.data(REVIEWS, {"id": product["id"]})
    assert listing["product"]["rating"] == {"average": 4.0, "count": 1}


async def test_drafts_cannot_be_reviewed(people: People, market: Market) -> None:
    draft = await market.create_product(people.seller.access)
    payload = await review(market, people.buyer.access, draft["id"])
    assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]


async def test_who_edits_and_deletes(people: People, market: Market) -> None:
    product = await market.listed(people.seller.access)
    made = await review(market, people.buyer.access, product["id"], 2)
    review_id = made["review"]["id"]
    for intruder in (people.other_buyer, people.seller, people.admin):
        body = await market.client.execute(
            UPDATE, {"input": {"id": review_id, "rating": 5}}, token=intruder.access
        )
        assert error_codes(body) == ["FORBIDDEN"]
    for intruder in (people.other_buyer, people.seller):
        body = await market.client.execute(DELETE, {"id": review_id}, token=intruder.access)
        assert error_codes(body) == ["FORBIDDEN"]
    anonymous = await market.client.execute(DELETE, {"id": review_id})
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
    by_moderator = await market.payload(
        DELETE, {"id": review_id}, people.moderator.access, "deleteProductReview"
    )
    assert by_moderator["errors"] == [] and by_moderator["product"]["rating"]["count"] == 0
    gone = await market.payload(
        DELETE, {"id": review_id}, people.buyer.access, "deleteProductReview"
    )
    assert [e["code"] for e in gone["errors"]] == ["NOT_FOUND"]


async def test_reviews_page_with_cursors(people: People, market: Market) -> None:
    product = await market.listed(people.seller.access)
    authors = [people.buyer, people.other_buyer, people.moderator]
    made = [(await review(market, a.access, product["id"], 3))["review"]["id"] for a in authors]
    first = await market.client.data(REVIEWS, {"id": product["id"], "first": 2})
    page = first["product"]["reviews"]
    assert page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"] is True
    rest = await market.client.data(
        REVIEWS, {"id": product["id"], "first": 2, "after": page["pageInfo"]["endCursor"]}
    )
    ids = [e["node"]["id"] for e in page["edges"]] + [
        e["node"]["id"] for e in rest["product"]["reviews"]["edges"]
    ]
    assert ids == made[::-1]  # newest first
    assert rest["product"]["reviews"]["pageInfo"]["hasNextPage"] is False
