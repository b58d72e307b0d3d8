"""createProduct, updateProduct (partial), product(id | slug): rules, slugs, images, visibility."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.marketplace.conftest import People
from tests.integration.marketplace.market import (
    CREATE_PRODUCT,
    PRODUCT_BY_SLUG,
    Market,
    unique_word,
)
from tests.support.graphql import GraphQLClient, error_codes

IMAGES: list[dict[str, Any]] = [
    {"url": "https://img.example/1.jpg", "caption": "Front"},
    {"url": "https://img.example/2.jpg", "isPrimary": True},
    {"url": "http://img.example/3.jpg"},
]


async def test_seller_creates_a_draft_with_ordered_images(people: People, market: Market) -> None:
    seller = people.seller
    word = unique_word()
    product = await market.create_product(
        seller.access,
        title=f"  Road   bike {word}  ",
        description="Barely used.",
        price="120.5",
        oldPrice="150",
        condition="USED",
        city="Moscow",
        quantity=2,
        images=IMAGES,
    )
    assert product["status"] == "DRAFT" and product["publishedAt"] is None
    assert product["title"] == f"Road bike {word}" and product["slug"] == f"road-bike-{word}"
    assert (product["price"], product["oldPrice"], product["discountPercent"]) == (
        "120.50",
        "150.00",
        19,
    )
    assert product["seller"] == {"id": seller.id}
    assert product["rating"] == {"average": 0.0, "count": 0}
    assert [(i["url"], i["position"], i["isPrimary"]) for i in product["images"]] == [
        ("https://img.example/1.jpg", 0, False),
        ("https://img.example/2.jpg", 1, True),
        ("http://img.example/3.jpg", 2, False),
    ]
    assert product["images"][0]["caption"] == "Front"
    assert product["primaryImage"] == {"url": "https://img.example/2.jpg"}


async def test_first_image_is_primary_unless_another_is(people: People, market: Market) -> None:
    seller = people.seller
    product = await market.create_product(seller.access, images=IMAGES[:1] + IMAGES[2:])
    assert [image["isPrimary"] for image in product["images"]] == [True, False]
    bare = await market.create_product(seller.access)
    assert bare["images"] == [] and bare["primaryImage"] is None


async def test_slugs_transliterate_are_never_empty_and_unique(
    people: People, market: Market
) -> None:
    seller = people.seller
    cyrillic = await market.create_product(seller.access, title="Велосипед Стелс 24")
    assert cyrillic["slug"] == "velosiped-stels-24"
    again = await market.create_product(seller.access, title="Велосипед стелс 24!")
    assert again["slug"].startswith("velosiped-stels-24-") and again["slug"] != cyrillic["slug"]
    symbols = await market.create_product(seller.access, title="★★★★★ !!!")
    assert symbols["slug"].startswith("product-") and len(symbols["slug"]) > len("product-")


async def test_only_sellers_create(people: People, marketplace: GraphQLClient) -> None:
    buyer = people.buyer
    variables = {"input": {"title": "Road bike", "price": "1.00", "city": "Oslo"}}
    as_buyer = await marketplace.execute(CREATE_PRODUCT, variables, token=buyer.access)
    assert error_codes(as_buyer) == ["FORBIDDEN"]
    anonymous = await marketplace.execute(CREATE_PRODUCT, variables)
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
    forged = await marketplace.execute(CREATE_PRODUCT, variables, token="not.a.jwt")
    assert error_codes(forged) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"title": "abcd"}, "INVALID_TITLE", "title"),
        ({"title": "t" * 151}, "INVALID_TITLE", "title"),
        ({"description": "d" * 5001}, "TOO_LONG", "description"),
        ({"price": "0"}, "INVALID_PRICE", "price"),
        ({"price": "-5"}, "INVALID_PRICE", "price"),
        ({"price": "1.005"}, "INVALID_PRICE", "price"),
        ({"price": "100000000.01"}, "INVALID_PRICE", "price"),
        ({"price": "10", "oldPrice": "10"}, "INVALID_OLD_PRICE", "oldPrice"),
        ({"price": "10", "oldPrice": "9.99"}, "INVALID_OLD_PRICE", "oldPrice"),
        ({"city": "   "}, "INVALID_CITY", "city"),
        ({"quantity": -1}, "INVALID_QUANTITY", "quantity"),
        (
            {"categoryId": "00000000-0000-0000-0000-000000000000"},
            "CATEGORY_NOT_FOUND",
            "categoryId",
        ),
        ({"categoryId": "nope"}, "CATEGORY_NOT_FOUND", "categoryId"),
        ({"images": [{"url": "javascript:alert(1)"}]}, "INVALID_URL", "images"),
        ({"images": [{"url": "https://x.example/" + "a" * 500}]}, "INVALID_URL", "images"),
        ({"images": [{"url": "https://x.example/a", "caption": "c" * 201}]}, "TOO_LONG", "images"),
        (
            {"images": [{"url": f"https://x.example/{i}"} for i in range(11)]},
            "TOO_MANY_IMAGES",
            "images",
        ),
        (
            {"images": [{"url": "https://x.example/1", "isPrimary": True}] * 2},
            "MULTIPLE_PRIMARY_IMAGES",
            "images",
        ),
    ],
)
async def test_bad_inputs_are_user_errors(
    people: People, market: Market, fields: dict[str, Any], code: str, field: str
) -> None:
    payload = await market.create_product_raw(people.seller.access, **fields)
    assert payload["product"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]


async def test_malformed_money_is_bad_user_input(
    people: People, marketplace: GraphQLClient
) -> None:
    seller = people.seller
    variables = {"input": {"title": "Road bike", "price": "ten", "city": "Oslo"}}
    body = await marketplace.execute(CREATE_PRODUCT, variables, token=seller.access)
    assert body["data"] is None and len(body["errors"]) == 1
    assert "not a decimal number" in body["errors"][0]["message"]


async def test_update_is_partial(people: People, market: Market) -> None:
    seller = people.seller
    category = await market.create_category(people.admin.access)
    product = await market.create_product(
        seller.access,
        description="Keep me",
        oldPrice="150",
        categoryId=category["id"],
        images=IMAGES,
    )
    payload = await market.update_product(seller.access, id=product["id"], price="90")
    assert payload["errors"] == []
    updated = payload["product"]
    assert (updated["price"], updated["oldPrice"], updated["discountPercent"]) == (
        "90.00",
        "150.00",
        40,
    )
    for kept in ("title", "description", "city", "condition", "quantity", "slug", "images"):
        assert updated[kept] == product[kept], kept
    assert updated["category"] == {"id": category["id"], "slug": category["slug"]}
    assert updated["updatedAt"] > product["updatedAt"]

    cleared = await market.update_product(
        seller.access, id=product["id"], oldPrice=None, categoryId=None, images=[IMAGES[2]]
    )
    assert cleared["errors"] == []
    result = cleared["product"]
    assert result["oldPrice"] is None and result["discountPercent"] is None
    assert result["category"] is None
    assert [(i["url"], i["isPrimary"]) for i in result["images"]] == [(IMAGES[2]["url"], True)]
    assert result["description"] == "Keep me"


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"title": None}, "REQUIRED", "title"),
        ({"price": None}, "REQUIRED", "price"),
        ({"city": None}, "REQUIRED", "city"),
        ({"quantity": None}, "REQUIRED", "quantity"),
        ({"price": "200"}, "INVALID_OLD_PRICE", "oldPrice"),  # the kept oldPrice is 150
        ({"oldPrice": "50"}, "INVALID_OLD_PRICE", "oldPrice"),
        ({"title": "no"}, "INVALID_TITLE", "title"),
        (
            {"categoryId": "00000000-0000-0000-0000-000000000000"},
            "CATEGORY_NOT_FOUND",
            "categoryId",
        ),
        ({"id": "00000000-0000-0000-0000-000000000000"}, "NOT_FOUND", "id"),
        ({"id": "not-an-id"}, "NOT_FOUND", "id"),
    ],
)
async def test_bad_updates_change_nothing(
    people: People, market: Market, fields: dict[str, Any], code: str, field: str
) -> None:
    seller = people.seller
    product = await market.create_product(seller.access, oldPrice="150")
    payload = await market.update_product(
        seller.access, **{"id": product["id"], "description": "changed", **fields}
    )
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]
    assert (await market.product(product["id"], seller.access)) == {
        **product,
        "viewsCount": 0,
    }


async def test_only_the_seller_updates(people: People, market: Market) -> None:
    seller, other = people.seller, people.other_seller
    listed = await market.listed(seller.access)
    body = await market.client.execute(
        "mutation($input: UpdateProductInput!) { updateProduct(input: $input) { errors { code } } }",
        {"input": {"id": listed["id"], "price": "1.00"}},
        token=other.access,
    )
    assert error_codes(body) == ["FORBIDDEN"]
    draft = await market.create_product(seller.access)
    hidden = await market.update_product(other.access, id=draft["id"], price="1.00")
    assert [e["code"] for e in hidden["errors"]] == ["NOT_FOUND"]
    assert (await market.product(listed["id"], seller.access))["price"] == "100.00"  # type: ignore[index]


async def test_drafts_are_visible_to_their_seller_and_staff_only(
    people: People, market: Market
) -> None:
    seller, other, admin = people.seller, people.buyer, people.admin
    draft = await market.create_product(seller.access)
    assert (await market.product(draft["id"], seller.access)) is not None
    assert (await market.product(draft["id"], admin.access)) is not None
    seen = await market.product(draft["id"], admin.access)
    assert seen is not None and seen["viewsCount"] == 0  # only public views count
    assert (await market.product(draft["id"], other.access)) is None
    assert (await market.product(draft["id"])) is None


async def test_product_by_slug_and_views(people: People, market: Market) -> None:
    seller, visitor = people.seller, people.buyer
    listed = await market.listed(seller.access, title="Лыжи Fischer")
    data = await market.client.data(PRODUCT_BY_SLUG, {"slug": listed["slug"]}, token=visitor.access)
    assert data["product"]["id"] == listed["id"] and data["product"]["viewsCount"] == 1
    by_id = await market.product(listed["id"])
    assert by_id is not None and by_id["viewsCount"] == 2
    own_view = await market.product(listed["id"], seller.access)
    assert own_view is not None and own_view["viewsCount"] == 2  # the seller's views don't count
    missing = await market.client.data(PRODUCT_BY_SLUG, {"slug": "no-such-slug"})
    assert missing["product"] is None


async def test_product_needs_exactly_one_of_id_and_slug(marketplace: GraphQLClient) -> None:
    neither = await marketplace.execute("{ product { id } }")
    both = await marketplace.execute('{ product(id: "x", slug: "y") { id } }')
    assert error_codes(neither) == error_codes(both) == ["BAD_USER_INPUT"]
    malformed = await marketplace.data('{ product(id: "not-a-uuid") { id } }')
    assert malformed["product"] is None


async def test_nul_characters_are_refused_naming_the_argument(
    people: People, market: Market
) -> None:
    token = people.seller.access
    before = await market.search(token, sort="NEWEST", first=100)
    fields = {"title": "Road\x00 bike", "price": "1.00", "city": "Oslo"}
    refused = await market.client.execute(CREATE_PRODUCT, {"input": fields}, token=token)
    assert refused["data"] is None
    assert [(e["extensions"]["code"], e["extensions"]["argument"]) for e in refused["errors"]] == [
        ("BAD_USER_INPUT", "input.title")
    ]
    found = await market.client.execute(PRODUCT_BY_SLUG, {"slug": "road\x00bike"})
    assert error_codes(found) == ["BAD_USER_INPUT"]
    assert await market.search(token, sort="NEWEST", first=100) == before


@pytest.mark.parametrize(("field", "value"), [("price", "1e400"), ("oldPrice", "-1e400")])
async def test_decimals_no_column_holds_are_bad_user_input(
    people: People, market: Market, field: str, value: str
) -> None:
    fields = {"title": "Road bike", "price": "10", "city": "Oslo", field: value}
    refused = await market.client.execute(
        CREATE_PRODUCT, {"input": fields}, token=people.seller.access
    )
    assert error_codes(refused) == ["BAD_USER_INPUT"]
    assert "at most 10 digits before the point" in refused["errors"][0]["message"]


async def raw_json(market: Market, query: str, variables: dict[str, Any], token: str) -> Any:
    """JSON escapes (ASCII only): lone surrogates are valid JSON but not valid UTF-8."""
    response = await market.client.http.post(
        "/graphql",
        content=json.dumps({"query": query, "variables": variables}),
        headers={"content-type": "application/json", "authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_lone_surrogates_are_refused_naming_the_argument(
    people: People, market: Market
) -> None:
    token = people.seller.access
    created = await raw_json(
        market,
        CREATE_PRODUCT,
        {"input": {"title": "Lone \ud800surrogate", "price": "1.00", "city": "Oslo"}},
        token,
    )
    assert created["errors"][0]["extensions"]["argument"] == "input.title"
    by_slug = await raw_json(market, PRODUCT_BY_SLUG, {"slug": "lone\udfff"}, token)
    assert error_codes(by_slug) == ["BAD_USER_INPUT"]
    searched = await raw_json(
        market,
        "query($q: String) { products(query: $q, sort: NEWEST) { edges { cursor } } }",
        {"q": "\udfff"},
        token,
    )
    assert [e["extensions"]["argument"] for e in searched["errors"]] == ["query"]
