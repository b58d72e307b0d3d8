"""gigs(query, filter, sort): full-text (Latin and Cyrillic), filters, sorts, pagination."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text

from subgraphs.kit.database import Database
from tests.integration.accounts import Account
from tests.integration.freelance.studio import DESCRIPTION, Studio, packages
from tests.support.graphql import error_codes

GIGS = """
query($query: String, $filter: GigFilterInput, $sort: GigSort, $first: Int, $after: String) {
  gigs(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    edges { cursor node { id title minPrice rating { average } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def word() -> str:
    """A word no other test uses, so each test searches its own gigs."""
    return "w" + uuid.uuid4().hex[:10]


async def search(studio: Studio, **variables: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await studio.data(GIGS, variables))["gigs"]
    return result


def titles(result: dict[str, Any]) -> list[str]:
    return [edge["node"]["title"] for edge in result["edges"]]


async def test_full_text_ranks_title_over_tags_over_description(
    studio: Studio, module_seller: Account
) -> None:
    key = word()
    in_description = await studio.active_gig(
        module_seller, title="Ordinary gig number one", description=f"{DESCRIPTION} {key}"
    )
    in_title = await studio.active_gig(module_seller, title=f"Gig about {key} things")
    in_tags = await studio.active_gig(module_seller, title="Ordinary gig number two", tags=[key])
    result = await search(studio, query=key.upper())
    assert [e["node"]["id"] for e in result["edges"]] == [
        in_title["id"],
        in_tags["id"],
        in_description["id"],
    ]
    assert result["totalCount"] == 3
    # Partly typed words match as prefixes; punctuation is ignored.
    assert (await search(studio, query=f"{key[:7]}!!"))["totalCount"] == 3
    assert (await search(studio, query=f"{key} unrelatedword"))["totalCount"] == 0


async def test_cyrillic_search(studio: Studio, module_seller: Account) -> None:
    key = word()
    gig = await studio.active_gig(
        module_seller,
        title=f"Дизайн логотипа {key}",
        description="Создам уникальный логотип для вашего бизнеса, исходники в комплекте.",
        tags=["брендинг"],
    )
    for query in (f"логотипа {key}", f"ЛОГОТИП {key}", f"брендинг {key}", f"уникальный {key}"):
        assert [e["node"]["id"] for e in (await search(studio, query=query))["edges"]] == [
            gig["id"]
        ], query


async def test_only_active_gigs_are_found(studio: Studio, module_seller: Account) -> None:
    key = word()
    active = await studio.active_gig(module_seller, title=f"Active gig {key}")
    await studio.draft(module_seller, title=f"Draft gig {key}")
    paused = await studio.active_gig(module_seller, title=f"Paused gig {key}")
    await studio.gig_action("pauseGig", paused["id"], module_seller.access)
    assert [e["node"]["id"] for e in (await search(studio, query=key))["edges"]] == [active["id"]]


async def test_filters(studio: Studio, freelance_local_db: Database) -> None:
    seller = await studio.seller()
    tag = word()
    parent = await studio.payload(
        "mutation($i: CreateGigCategoryInput!) { createGigCategory(input: $i) { category { id } } }",
        {"i": {"name": f"Parent {tag}"}},
        studio.admin.access,
        "createGigCategory",
    )
    child = await studio.payload(
        "mutation($i: CreateGigCategoryInput!) { createGigCategory(input: $i) { category { id } } }",
        {"i": {"name": f"Child {tag}", "parentId": parent["category"]["id"]}},
        studio.admin.access,
        "createGigCategory",
    )
    cheap = await studio.active_gig(
        seller,
        title=f"Cheap fast {tag}",
        package_list=packages(("BASIC", "10", 1), ("PREMIUM", "500", 30)),
    )
    mid = await studio.active_gig(
        seller,
        title=f"Middle gig {tag}",
        categoryId=child["category"]["id"],
        package_list=packages(("BASIC", "100", 7)),
    )
    dear = await studio.active_gig(
        seller,
        title=f"Dear slow {tag}",
        categoryId=parent["category"]["id"],
        package_list=packages(("STANDARD", "1000", 30)),
    )
    async with freelance_local_db.session() as session:
        await session.execute(
            text("UPDATE gigs SET rating_average = 4.5, rating_count = 2 WHERE id = :id"),
            {"id": mid["id"]},
        )
        await session.commit()

    async def ids(**filters: Any) -> list[str]:
        result = await search(studio, query=tag, filter=filters, sort="PRICE_ASC")
        return [e["node"]["id"] for e in result["edges"]]

    # Prices compare against the cheapest package.
    assert await ids(minPrice="50") == [mid["id"], dear["id"]]
    assert await ids(maxPrice="100") == [cheap["id"], mid["id"]]
    assert await ids(minPrice="10", maxPrice="10.00") == [cheap["id"]]
    assert await ids(maxDeliveryDays=7) == [cheap["id"], mid["id"]]
    assert await ids(minRating=4) == [mid["id"]]
    # A category includes its subcategories.
    assert await ids(categoryId=parent["category"]["id"]) == [mid["id"], dear["id"]]
    assert await ids(categoryId=child["category"]["id"]) == [mid["id"]]
    assert await ids(sellerId=seller.id) == [cheap["id"], mid["id"], dear["id"]]
    other = await studio.buyer()
    assert await ids(sellerId=other.id) == []
    bad = await studio.client.execute(GIGS, {"filter": {"minPrice": "-1"}})
    assert error_codes(bad) == ["BAD_USER_INPUT"]
    bad_id = await studio.client.execute(GIGS, {"filter": {"sellerId": "nope"}})
    assert error_codes(bad_id) == ["BAD_USER_INPUT"]


async def test_sorts(studio: Studio, freelance_local_db: Database) -> None:
    seller = await studio.seller()
    made = [
        await studio.active_gig(
            seller, title=f"Sorted gig {name}", package_list=packages(("BASIC", price, 3))
        )
        for name, price in (("alpha", "30"), ("beta", "10"), ("gamma", "20"))
    ]
    a, b, c = (gig["id"] for gig in made)
    async with freelance_local_db.session() as session:
        for gig_id, rating, orders in ((a, 3.0, 5), (b, 5.0, 1), (c, 4.0, 9)):
            await session.execute(
                text(
                    "UPDATE gigs SET rating_average = :r, rating_count = 1, orders_count = :o WHERE id = :id"
                ),
                {"r": rating, "o": orders, "id": gig_id},
            )
        await session.commit()

    async def order(sort: str) -> list[str]:
        result = await search(studio, filter={"sellerId": seller.id}, sort=sort)
        return [e["node"]["id"] for e in result["edges"]]

    assert await order("NEWEST") == [c, b, a]
    assert await order("PRICE_ASC") == [b, c, a]
    assert await order("PRICE_DESC") == [a, c, b]
    assert await order("RATING") == [b, c, a]
    assert await order("POPULAR") == [c, a, b]
    assert await order("RELEVANCE") == [c, a, b]  # without words: the most popular first


async def test_pagination_by_relevance_walks_every_match_once(
    studio: Studio, module_seller: Account
) -> None:
    key = word()
    for index in range(5):
        # Different ranks: the word repeated a different number of times.
        await studio.active_gig(
            module_seller, title=f"Paged gig {index} " + " ".join([key] * (index + 1))
        )
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = await search(studio, query=key, first=2, after=after)
        seen += [edge["node"]["id"] for edge in page["edges"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == 3 and len(seen) == len(set(seen)) == 5
    whole = await search(studio, query=key, first=10)
    assert [e["node"]["id"] for e in whole["edges"]] == seen


async def test_page_size_is_capped(studio: Studio) -> None:
    assert error_codes(await studio.client.execute(GIGS, {"first": 101})) == ["BAD_USER_INPUT"]
    assert error_codes(await studio.client.execute(GIGS, {"after": "bogus"})) == ["BAD_USER_INPUT"]
    assert (await search(studio, query="!!! ... ???", first=1))["edges"] is not None
