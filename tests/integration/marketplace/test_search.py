"""products(query, filter, sort, first, after): full text (Cyrillic and Latin), ranking,
every filter, every sort, keyset pages. Each test tags its products with a word of its own."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text

from subgraphs.kit.cursors import encode_cursor
from subgraphs.kit.database import Database
from tests.integration.marketplace.conftest import People
from tests.integration.marketplace.market import PRODUCTS, Market, unique_word
from tests.support.graphql import error_codes


def ids(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["id"] for edge in connection["edges"]]


async def walk(market: Market, page_size: int, **variables: Any) -> list[str]:
    """Every id of a list, page by page through the cursors."""
    seen: list[str] = []
    after = None
    while True:
        page = await market.search(first=page_size, after=after, **variables)
        seen += ids(page)
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]


async def test_full_text_matches_cyrillic_and_latin_in_any_case(
    people: People, market: Market
) -> None:
    w = unique_word()
    token = people.seller.access
    bike = await market.listed(token, title=f"Велосипед Stels {w}")
    mountain = await market.listed(token, title=f"Горный ВЕЛОСИПЕД {w}", description="Алюминий")
    galaxy = await market.listed(token, title=f"Samsung Galaxy {w}")
    draft = await market.create_product(token, title=f"Велосипед черновик {w}")

    found = await market.search(query=f"велосипед {w}")
    assert sorted(ids(found)) == sorted([bike["id"], mountain["id"]])
    assert draft["id"] not in ids(found)
    assert ids(await market.search(query=f"STELS {w}")) == [bike["id"]]
    assert ids(await market.search(query=f"алюминий {w}")) == [mountain["id"]]
    assert ids(await market.search(query=f"GALAXY {w.upper()}")) == [galaxy["id"]]
    assert (await market.search(query=f"nothing-like-this {w}"))["edges"] == []


async def test_title_matches_rank_above_description_matches(people: People, market: Market) -> None:
    w = unique_word()
    token = people.seller.access
    in_description = await market.listed(token, title="Plain item one", description=f"About {w}")
    in_title = await market.listed(token, title=f"Item {w}", description="Nothing here")
    in_both = await market.listed(token, title=f"Item {w} deluxe", description=f"{w} {w} {w}")
    ranked = ids(await market.search(query=w, sort="RELEVANCE"))
    assert ranked == [in_both["id"], in_title["id"], in_description["id"]]
    assert await walk(market, 1, query=w) == ranked


async def test_odd_queries_are_harmless(market: Market) -> None:
    for query in ("!!! ((( & |", "'", "   ", "a:*", "-"):
        body = await market.client.execute(
            PRODUCTS, {"query": query, "sort": "RELEVANCE", "first": 1}
        )
        assert "errors" not in body, body


async def test_filters(people: People, market: Market) -> None:
    w = unique_word()
    token, admin = people.seller.access, people.admin.access
    parent = await market.create_category(admin)
    child = await market.create_category(admin, parentId=parent["id"])
    other = await market.create_category(admin)
    cheap = await market.listed(
        token,
        title=f"Cheap {w}",
        price="10",
        city="Москва",
        condition="USED",
        categoryId=child["id"],
    )
    middle = await market.listed(
        token, title=f"Middle {w}", price="50", city="Berlin", categoryId=parent["id"]
    )
    dear = await market.listed(
        token,
        title=f"Dear {w}",
        price="90",
        city="berlin",
        condition="REFURBISHED",
        categoryId=other["id"],
    )
    theirs = await market.listed(
        people.other_seller.access, title=f"Theirs {w}", price="50", city="Berlin"
    )

    async def matching(**flt: Any) -> set[str]:
        return set(ids(await market.search(query=w, filter=flt, first=100)))

    assert await matching() == {cheap["id"], middle["id"], dear["id"], theirs["id"]}
    assert await matching(categoryId=parent["id"]) == {cheap["id"], middle["id"]}  # with children
    assert await matching(categoryId=child["id"]) == {cheap["id"]}
    assert await matching(city="BERLIN") == {middle["id"], dear["id"], theirs["id"]}
    assert await matching(city="  москва ") == {cheap["id"]}
    assert await matching(condition="USED") == {cheap["id"]}
    assert await matching(condition="NEW") == {middle["id"], theirs["id"]}
    assert await matching(minPrice="50") == {middle["id"], dear["id"], theirs["id"]}
    assert await matching(maxPrice="50.00") == {cheap["id"], middle["id"], theirs["id"]}
    assert await matching(minPrice="11", maxPrice="89.99") == {middle["id"], theirs["id"]}
    assert await matching(sellerId=people.other_seller.id) == {theirs["id"]}
    assert await matching(sellerId=people.other_seller.id, city="berlin", maxPrice="10") == set()
    assert await matching(categoryId="not-an-id") == set()
    # Casefolding lengthens "ß": a city of the longest length still fits and matches.
    long_city = await market.listed(token, title=f"Long city {w}", city="ß" * 100)
    assert await matching(city="SS" * 100) == {long_city["id"]}

    assert await matching(sellerId="00000000-0000-0000-0000-000000000000") == set()


async def test_only_active_products_are_listed(people: People, market: Market) -> None:
    w = unique_word()
    token = people.seller.access
    active = await market.listed(token, title=f"Active {w}")
    sold = await market.listed(token, title=f"Sold {w}")
    archived = await market.listed(token, title=f"Archived {w}")
    await market.create_product(token, title=f"Draft {w}")
    await market.transition("markProductSold", sold["id"], token)
    await market.transition("archiveProduct", archived["id"], token)
    assert ids(await market.search(query=w)) == [active["id"]]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("PRICE_ASC", ["a", "b", "c", "d"]),
        ("PRICE_DESC", ["d", "c", "b", "a"]),
        ("NEWEST", ["d", "c", "b", "a"]),
        ("RATING", ["c", "a", "b", "d"]),
    ],
)
async def test_sorts_page_through_everything_once(
    people: People, market: Market, sort: str, expected: list[str]
) -> None:
    w = unique_word()
    token = people.seller.access
    made = {}
    for name, price in (("a", "10"), ("b", "20"), ("c", "30"), ("d", "40")):
        made[name] = await market.listed(token, title=f"Sorted {name} {w}", price=price)
    if sort == "RATING":
        ratings = {"c": [5, 5], "a": [5, 4], "b": [3]}
        reviewers = [people.buyer, people.other_buyer]
        for name, scores in ratings.items():
            for reviewer, score in zip(reviewers, scores, strict=False):
                payload = await market.client.data(
                    "mutation($input: CreateProductReviewInput!) { createProductReview(input: $input) { errors { code } } }",
                    {
                        "input": {
                            "productId": made[name]["id"],
                            "rating": score,
                            "comment": "Solid product, works.",
                        }
                    },
                    token=reviewer.access,
                )
                assert payload["createProductReview"]["errors"] == []
    wanted = [made[name]["id"] for name in expected]
    for page_size in (1, 3, 4):
        assert await walk(market, page_size, query=w, sort=sort) == wanted
    everything = await market.search(query=w, sort=sort, filter={"sellerId": people.seller.id})
    assert ids(everything) == wanted and everything["totalCount"] == 4


async def test_relevance_without_a_query_is_newest(people: People, market: Market) -> None:
    w = unique_word()
    older = await market.listed(people.other_seller.access, title=f"Older {w}", city=w)
    newer = await market.listed(people.other_seller.access, title=f"Newer {w}", city=w)
    page = await market.search(filter={"city": w}, sort="RELEVANCE")
    assert ids(page) == [newer["id"], older["id"]]


async def test_page_size_and_cursor_errors(market: Market) -> None:
    too_many = await market.client.execute(PRODUCTS, {"sort": "NEWEST", "first": 101})
    assert error_codes(too_many) == ["BAD_USER_INPUT"]
    negative = await market.client.execute(PRODUCTS, {"sort": "NEWEST", "first": -1})
    assert error_codes(negative) == ["BAD_USER_INPUT"]
    bad_cursor = await market.client.execute(PRODUCTS, {"sort": "NEWEST", "after": "garbage!"})
    assert error_codes(bad_cursor) == ["BAD_USER_INPUT"]
    page = await market.search(sort="PRICE_ASC", first=1)
    wrong_list = await market.client.execute(
        PRODUCTS, {"sort": "RATING", "after": page["pageInfo"]["endCursor"]}
    )
    assert error_codes(wrong_list) == ["BAD_USER_INPUT"]
    newest = await market.search(sort="NEWEST", first=1)
    for sort in ("PRICE_ASC", "PRICE_DESC"):  # same number of keys, other types
        swapped = await market.client.execute(
            PRODUCTS, {"sort": sort, "after": newest["pageInfo"]["endCursor"]}
        )
        assert error_codes(swapped) == ["BAD_USER_INPUT"]
    forged = encode_cursor((Decimal("1e30"), uuid.uuid4()))
    overflow = await market.client.execute(PRODUCTS, {"sort": "PRICE_ASC", "after": forged})
    assert error_codes(overflow) == ["BAD_USER_INPUT"]
    fine = encode_cursor((Decimal("5.00"), uuid.UUID(int=0)))
    assert "errors" not in await market.client.execute(
        PRODUCTS, {"sort": "PRICE_ASC", "after": fine}
    )
    for bound in ({"minPrice": "1e400"}, {"maxPrice": "-1"}, {"minPrice": "NaN"}):
        out_of_range = await market.client.execute(PRODUCTS, {"sort": "NEWEST", "filter": bound})
        assert error_codes(out_of_range) == ["BAD_USER_INPUT"], out_of_range
    empty = await market.search(sort="NEWEST", first=0)
    assert empty["edges"] == [] and empty["pageInfo"]["hasNextPage"] is True


async def test_search_vector_is_generated_and_gin_indexed(marketplace_local_db: Database) -> None:
    async with marketplace_local_db.session() as session:
        generated = await session.scalar(
            text(
                "SELECT attgenerated::text FROM pg_attribute "
                "WHERE attrelid = 'products'::regclass AND attname = 'search_vector'"
            )
        )
        index = await session.scalar(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_products_search_vector'")
        )
        expression = await session.scalar(
            text(
                "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef d JOIN pg_attribute a "
                "ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
                "WHERE d.adrelid = 'products'::regclass AND a.attname = 'search_vector'"
            )
        )
    assert generated == "s"  # STORED generated column
    assert "USING gin (search_vector)" in index
    assert expression.count("'simple'::regconfig") == 2
