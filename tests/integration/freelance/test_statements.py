"""N+1 guards: lists and `_entities` cost a constant number of SQL statements."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import text

from subgraphs.kit.database import Database
from tests.integration.freelance.studio import DESCRIPTION, Studio
from tests.support.sql import count_statements

GIG_COUNT = 60
LIST = """
query($seller: ID!, $first: Int) {
  gigs(filter: {sellerId: $seller}, sort: NEWEST, first: $first) {
    edges { node { id title seller { id } category { id name } packages { tier price }
                   rating { average count } tags } }
  }
}
"""
ENTITIES = """
query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Gig { id title category { name } packages { tier } }
    ... on User { id freelancerRating { average count } }
  }
}
"""
# page query + categories + packages, whatever the page size
LIST_STATEMENTS = 3


async def seed(db: Database) -> tuple[str, list[str]]:
    """GIG_COUNT active gigs of one seller, in 3 categories, 2 packages each (bulk SQL)."""
    seller = str(uuid.uuid4())
    tag = uuid.uuid4().hex[:8]
    categories = [str(uuid.uuid4()) for _ in range(3)]
    gigs = [str(uuid.uuid4()) for _ in range(GIG_COUNT)]
    async with db.session() as session:
        for index, category in enumerate(categories):
            await session.execute(
                text("INSERT INTO gig_categories (id, name, slug) VALUES (:id, :name, :slug)"),
                {"id": category, "name": f"Seeded {index}", "slug": f"seeded-{tag}-{index}"},
            )
        for index, gig in enumerate(gigs):
            await session.execute(
                text(
                    "INSERT INTO gigs (id, seller_id, category_id, slug, title, description, status,"
                    " tags, min_price, min_delivery_days, rating_average, rating_count,"
                    " orders_count, views_count, created_at)"
                    " VALUES (:id, :seller, :category, :slug, :title, :description, 'ACTIVE',"
                    " ARRAY['seeded', :tag], 10, 2, 4.5, 2, 0, 0, now() - :index * interval '1 second')"
                ),
                {
                    "id": gig,
                    "seller": seller,
                    "category": categories[index % 3],
                    "slug": f"seeded-{tag}-{index}",
                    "title": f"Seeded gig number {index}",
                    "description": DESCRIPTION,
                    "tag": tag,
                    "index": index,
                },
            )
            for tier, price in (("BASIC", 10), ("PREMIUM", 90)):
                await session.execute(
                    text(
                        "INSERT INTO gig_packages (id, gig_id, tier, name, description, price,"
                        " delivery_days, revisions, features)"
                        " VALUES (:id, :gig, :tier, :tier, '', :price, 2, 1, ARRAY['x'])"
                    ),
                    {"id": str(uuid.uuid4()), "gig": gig, "tier": tier, "price": price},
                )
        # Three reviews (ratings 1, 2, 3, oldest first) on the newest gig.
        for rating in (1, 2, 3):
            order = str(uuid.uuid4())
            await session.execute(
                text(
                    "INSERT INTO orders (id, gig_id, buyer_id, seller_id, status, package_tier,"
                    " package_name, package_price, package_delivery_days, package_revisions,"
                    " requirements, revisions_left)"
                    " VALUES (:id, :gig, :buyer, :seller, 'COMPLETED', 'BASIC', 'Basic', 10, 2,"
                    " 1, '', 1)"
                ),
                {"id": order, "gig": gigs[0], "buyer": str(uuid.uuid4()), "seller": seller},
            )
            await session.execute(
                text(
                    "INSERT INTO reviews (id, order_id, gig_id, buyer_id, seller_id, rating,"
                    " comment, created_at, updated_at)"
                    " VALUES (:id, :order, :gig, :buyer, :seller, :rating, 'Seeded review text',"
                    " now() + :seconds * interval '1 second', now())"
                ),
                {
                    "id": str(uuid.uuid4()),
                    "order": order,
                    "gig": gigs[0],
                    "buyer": str(uuid.uuid4()),
                    "seller": seller,
                    "rating": rating,
                    "seconds": rating,
                },
            )
        await session.commit()
    return seller, gigs


@pytest.fixture(scope="module")
async def seeded(freelance_local_db: Database) -> tuple[str, list[str]]:
    return await seed(freelance_local_db)


@pytest.mark.parametrize("page_size", [1, 10, 50])
async def test_listing_gigs_costs_three_statements(
    studio: Studio, freelance_db: Database, seeded: tuple[str, list[str]], page_size: int
) -> None:
    seller, gigs = seeded
    with count_statements(freelance_db.engine) as log:
        data = await studio.data(LIST, {"seller": seller, "first": page_size})
    nodes: list[dict[str, Any]] = [edge["node"] for edge in data["gigs"]["edges"]]
    assert [node["id"] for node in nodes] == gigs[:page_size]
    assert all(len(node["packages"]) == 2 and node["category"]["name"] for node in nodes)
    assert all(node["seller"] == {"id": seller} for node in nodes)
    assert nodes[0]["rating"] == {"average": 4.5, "count": 2}
    assert log.count == LIST_STATEMENTS, log.statements


async def test_entities_batch_per_type(
    studio: Studio, freelance_db: Database, seeded: tuple[str, list[str]]
) -> None:
    seller, gigs = seeded
    reps = [{"__typename": "Gig", "id": gig} for gig in gigs[:50]]
    reps += [{"__typename": "User", "id": str(uuid.uuid4())} for _ in range(20)]
    reps += [{"__typename": "User", "id": seller}]
    with count_statements(freelance_db.engine) as log:
        data = await studio.data(ENTITIES, {"reps": reps})
    entities = data["_entities"]
    assert [e["id"] for e in entities[:50]] == gigs[:50]
    assert all(len(e["packages"]) == 2 for e in entities[:50])
    assert entities[-1] == {"id": seller, "freelancerRating": {"average": 2.0, "count": 3}}
    assert all(
        e == {"id": e["id"], "freelancerRating": {"average": 0.0, "count": 0}}
        for e in entities[50:-1]
    )
    # gigs, categories, packages, seller ratings: one statement each.
    assert log.count == 4, log.statements


async def test_hidden_and_unknown_gigs_resolve_to_null(studio: Studio) -> None:
    seller = await studio.seller()
    draft = await studio.draft(seller)
    reps = [
        {"__typename": "Gig", "id": draft["id"]},
        {"__typename": "Gig", "id": str(uuid.uuid4())},
        {"__typename": "Gig", "id": "not-a-uuid"},
    ]
    query = "query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Gig { id } } }"
    assert (await studio.data(query, {"reps": reps}))["_entities"] == [None, None, None]
    as_seller = await studio.data(query, {"reps": reps[:1]}, token=seller.access)
    assert as_seller["_entities"] == [{"id": draft["id"]}]


async def test_service_sdl_declares_the_entities(studio: Studio) -> None:
    sdl = (await studio.data("{ _service { sdl } }"))["_service"]["sdl"]
    assert 'type Gig @key(fields: "id")' in sdl
    assert 'type User @key(fields: "id")' in sdl


NESTED = """
query($seller: ID!, $first: Int) {
  gigs(filter: {sellerId: $seller}, sort: NEWEST, first: $first) {
    edges { node { id reviews(first: 2) { totalCount edges { node { rating } } pageInfo { hasNextPage } } } }
  }
}
"""
USERS = """
query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on User {
      id
      gigs(first: 2) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } }
      portfolio(first: 2) { totalCount edges { node { id } } }
    }
  }
}
"""
MORE_GIGS = """
query($reps: [_Any!]!, $after: String) {
  _entities(representations: $reps) {
    ... on User { gigs(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage } } }
  }
}
"""


@pytest.mark.parametrize("page_size", [5, 50])
async def test_reviews_under_listed_gigs_are_batched(
    studio: Studio, freelance_db: Database, seeded: tuple[str, list[str]], page_size: int
) -> None:
    seller, _ = seeded
    with count_statements(freelance_db.engine) as log:
        data = await studio.data(NESTED, {"seller": seller, "first": page_size})
    assert len(data["gigs"]["edges"]) == page_size
    newest = data["gigs"]["edges"][0]["node"]["reviews"]
    assert newest["totalCount"] == 3 and newest["pageInfo"] == {"hasNextPage": True}
    assert [e["node"]["rating"] for e in newest["edges"]] == [3, 2]
    assert all(e["node"]["reviews"]["totalCount"] == 0 for e in data["gigs"]["edges"][1:])
    # page of gigs, first reviews of every gig (one window query), their counts (one GROUP BY)
    assert log.count == 3, log.statements


async def test_users_gigs_and_portfolio_are_batched_and_cursors_continue(
    studio: Studio, freelance_db: Database, seeded: tuple[str, list[str]]
) -> None:
    seller, gigs = seeded
    others = [str(uuid.uuid4()) for _ in range(10)]
    reps = [{"__typename": "User", "id": user} for user in [seller, *others]]
    with count_statements(freelance_db.engine) as log:
        data = await studio.data(USERS, {"reps": reps})
    first = data["_entities"][0]
    assert [e["node"]["id"] for e in first["gigs"]["edges"]] == gigs[:2]
    assert first["gigs"]["totalCount"] == GIG_COUNT and first["gigs"]["pageInfo"]["hasNextPage"]
    assert all(
        e["gigs"]["totalCount"] == 0 and e["portfolio"]["totalCount"] == 0
        for e in data["_entities"][1:]
    )
    # gigs pages, gigs counts, portfolio pages, portfolio counts: whatever the number of users.
    assert log.count == 4, log.statements
    after = first["gigs"]["pageInfo"]["endCursor"]
    more = await studio.data(MORE_GIGS, {"reps": reps[:1], "after": after})
    assert [e["node"]["id"] for e in more["_entities"][0]["gigs"]["edges"]] == gigs[2:4]
