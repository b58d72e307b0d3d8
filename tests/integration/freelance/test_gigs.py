"""createGig, updateGig, setGigPackages: permissions, validation limits, slugs."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from subgraphs.freelance.rules.gigs import GIG_SLUGS
from subgraphs.kit.slugs import slugify
from tests.integration.accounts import Account
from tests.integration.freelance.studio import (
    CREATE_GIG,
    DESCRIPTION,
    GIG_FIELDS,
    Studio,
    packages,
)
from tests.support.graphql import error_codes

UPDATE_GIG = f"""
mutation($input: UpdateGigInput!) {{
  updateGig(input: $input) {{ gig {{ {GIG_FIELDS} }} errors {{ field code message }} }}
}}
"""
GIG = f"query($id: ID, $slug: String) {{ gig(id: $id, slug: $slug) {{ {GIG_FIELDS} }} }}"


def gig_input(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"title": "Logo design for startups", "description": DESCRIPTION}
    values.update(fields)
    return values


async def test_only_freelancers_create_gigs(studio: Studio) -> None:
    buyer = await studio.buyer()
    as_buyer = await studio.client.execute(CREATE_GIG, {"input": gig_input()}, token=buyer.access)
    anonymous = await studio.client.execute(CREATE_GIG, {"input": gig_input()})
    assert error_codes(as_buyer) == ["FORBIDDEN"]
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]


async def test_a_new_gig_is_a_draft_owned_by_its_seller(studio: Studio) -> None:
    seller = await studio.seller()
    gig = await studio.draft(
        seller,
        title="Logo design for startups",
        tags=[" Logo ", "branding", "logo"],
        images=[
            {"url": "https://img.example/1.png", "caption": "First"},
            {"url": "https://img.example/2.png"},
        ],
    )
    assert gig["status"] == "DRAFT"
    assert gig["seller"] == {"id": seller.id}
    assert gig["slug"].startswith("logo-design-for-startups")
    assert gig["tags"] == ["logo", "branding"]
    assert gig["rating"] == {"average": 0.0, "count": 0}
    assert gig["minPrice"] is None and gig["packages"] == []
    assert [(i["url"], i["isPrimary"], i["position"]) for i in gig["images"]] == [
        ("https://img.example/1.png", True, 0),
        ("https://img.example/2.png", False, 1),
    ]


async def test_cyrillic_titles_transliterate_and_slugs_stay_unique(studio: Studio) -> None:
    seller = await studio.seller()
    first = await studio.draft(seller, title="Дизайн логотипа для бизнеса")
    second = await studio.draft(seller, title="Дизайн логотипа для бизнеса")
    assert first["slug"].startswith("dizain-logotipa-dlia-biznesa")
    assert second["slug"] != first["slug"] and second["slug"].startswith(first["slug"])
    symbols = await studio.draft(seller, title="★★★★★ ☺☺☺☺☺ ★★★")
    assert symbols["slug"] and all(c.isalnum() or c == "-" for c in symbols["slug"])


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"title": "Too short"}, "TOO_SHORT", "title"),
        ({"title": "x" * 201}, "TOO_LONG", "title"),
        ({"title": "   "}, "REQUIRED", "title"),
        ({"description": "Short description."}, "TOO_SHORT", "description"),
        ({"description": "d" * 5001}, "TOO_LONG", "description"),
        ({"tags": [f"tag{i}" for i in range(11)]}, "TOO_MANY_TAGS", "tags"),
        ({"tags": ["t" * 51]}, "INVALID_TAG", "tags"),
        ({"tags": ["  "]}, "INVALID_TAG", "tags"),
        (
            {"categoryId": "00000000-0000-0000-0000-000000000000"},
            "CATEGORY_NOT_FOUND",
            "categoryId",
        ),
        ({"categoryId": "not-an-id"}, "NOT_FOUND", "categoryId"),
        ({"images": [{"url": "ftp://x.example/a.png"}]}, "INVALID_URL", "images"),
        (
            {"images": [{"url": "https://a.example/1", "isPrimary": True}] * 2},
            "INVALID_IMAGES",
            "images",
        ),
        (
            {"images": [{"url": f"https://a.example/{i}"} for i in range(11)]},
            "TOO_MANY_IMAGES",
            "images",
        ),
    ],
)
async def test_create_gig_limits(
    studio: Studio, module_seller: Account, fields: dict[str, Any], code: str, field: str
) -> None:
    payload = await studio.payload(
        CREATE_GIG, {"input": gig_input(**fields)}, module_seller.access, "createGig"
    )
    assert payload["gig"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]


async def test_update_is_partial_and_owner_only(studio: Studio) -> None:
    seller, other = await studio.seller(), await studio.seller()
    gig = await studio.draft(seller, tags=["one"])
    updated = await studio.payload(
        UPDATE_GIG,
        {"input": {"gigId": gig["id"], "tags": ["two", "three"]}},
        seller.access,
        "updateGig",
    )
    assert updated["errors"] == []
    assert updated["gig"]["tags"] == ["two", "three"]
    assert updated["gig"]["title"] == gig["title"] and updated["gig"]["description"] == DESCRIPTION
    retitled = await studio.payload(
        UPDATE_GIG,
        {"input": {"gigId": gig["id"], "title": "Brand new shiny title"}},
        seller.access,
        "updateGig",
    )
    assert retitled["gig"]["slug"].startswith("brand-new-shiny-title")
    stranger = await studio.client.execute(
        UPDATE_GIG, {"input": {"gigId": gig["id"], "tags": ["hacked"]}}, token=other.access
    )
    assert error_codes(stranger) == ["FORBIDDEN"]
    cleared = await studio.payload(
        UPDATE_GIG, {"input": {"gigId": gig["id"], "title": None}}, seller.access, "updateGig"
    )
    assert [e["code"] for e in cleared["errors"]] == ["REQUIRED"]
    too_short = await studio.payload(
        UPDATE_GIG,
        {"input": {"gigId": gig["id"], "description": "short"}},
        seller.access,
        "updateGig",
    )
    assert [(e["code"], e["field"]) for e in too_short["errors"]] == [("TOO_SHORT", "description")]
    after = await studio.data(GIG, {"id": gig["id"]}, token=seller.access)
    assert after["gig"]["tags"] == ["two", "three"] and after["gig"]["description"] == DESCRIPTION


async def test_packages_set_min_price_and_are_validated(studio: Studio) -> None:
    seller = await studio.seller()
    gig = await studio.draft(seller)
    done = await studio.set_packages(
        seller, gig["id"], packages(("PREMIUM", "300", 10), ("BASIC", "19.99", 2))
    )
    assert done["errors"] == []
    assert done["gig"]["minPrice"] == "19.99"
    # Cheapest first, and money is a 2-place decimal string.
    assert [(p["tier"], p["price"]) for p in done["gig"]["packages"]] == [
        ("BASIC", "19.99"),
        ("PREMIUM", "300.00"),
    ]
    bad: list[tuple[list[dict[str, Any]], str, str]] = [
        (packages(("BASIC", "10", 1), ("BASIC", "20", 1)), "DUPLICATE_TIER", "packages"),
        (packages(("BASIC", "0", 1)), "INVALID_PRICE", "packages.0.price"),
        (packages(("BASIC", "1000000.01", 1)), "INVALID_PRICE", "packages.0.price"),
        (packages(("BASIC", "10.001", 1)), "INVALID_PRICE", "packages.0.price"),
        (packages(("BASIC", "10", 0)), "INVALID_DELIVERY_DAYS", "packages.0.deliveryDays"),
        (packages(("BASIC", "10", 366)), "INVALID_DELIVERY_DAYS", "packages.0.deliveryDays"),
        (
            [packages(("BASIC", "10", 1))[0] | {"revisions": -1}],
            "INVALID_REVISIONS",
            "packages.0.revisions",
        ),
        ([packages(("BASIC", "10", 1))[0] | {"name": "n" * 101}], "TOO_LONG", "packages.0.name"),
        (
            [packages(("BASIC", "10", 1))[0] | {"description": "d" * 1001}],
            "TOO_LONG",
            "packages.0.description",
        ),
    ]
    for values, code, field in bad:
        result = await studio.set_packages(seller, gig["id"], values)
        assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)], values
    max_ok = await studio.set_packages(seller, gig["id"], packages(("BASIC", "1000000", 365)))
    assert max_ok["errors"] == [] and max_ok["gig"]["minPrice"] == "1000000.00"
    not_decimal = await studio.client.execute(
        "mutation($i: SetGigPackagesInput!) { setGigPackages(input: $i) { errors { code } } }",
        {
            "i": {
                "gigId": gig["id"],
                "packages": [packages(("BASIC", "1", 1))[0] | {"price": "abc"}],
            }
        },
        token=seller.access,
    )
    assert "errors" in not_decimal and error_codes(not_decimal) != ["INTERNAL_SERVER_ERROR"]


async def test_only_the_seller_sets_packages(studio: Studio) -> None:
    seller, other = await studio.seller(), await studio.seller()
    gig = await studio.draft(seller)
    body = await studio.client.execute(
        "mutation($i: SetGigPackagesInput!) { setGigPackages(input: $i) { errors { code } } }",
        {"i": {"gigId": gig["id"], "packages": packages(("BASIC", "10", 1))}},
        token=other.access,
    )
    assert error_codes(body) == ["FORBIDDEN"]


async def test_a_published_gig_keeps_a_package(studio: Studio) -> None:
    seller = await studio.seller()
    gig = await studio.active_gig(seller)
    emptied = await studio.set_packages(seller, gig["id"], [])
    assert [e["code"] for e in emptied["errors"]] == ["NO_PACKAGES"]
    after = await studio.data(GIG, {"id": gig["id"]})
    assert len(after["gig"]["packages"]) == 2


async def test_gig_by_slug_and_unknown_ids(studio: Studio) -> None:
    seller = await studio.seller()
    gig = await studio.active_gig(seller)
    by_slug = await studio.data(GIG, {"slug": gig["slug"]})
    assert by_slug["gig"]["id"] == gig["id"]
    assert (await studio.data(GIG, {"id": "not-a-uuid"}))["gig"] is None
    assert (await studio.data(GIG, {"slug": "no-such-slug-anywhere"}))["gig"] is None
    neither = await studio.client.execute(GIG, {})
    assert error_codes(neither) == ["BAD_USER_INPUT"]


async def test_views_count_when_others_look(studio: Studio) -> None:
    seller, visitor = await studio.seller(), await studio.buyer()
    gig = await studio.active_gig(seller)
    await studio.data(GIG, {"id": gig["id"]}, token=seller.access)
    await studio.data(GIG, {"id": gig["id"]}, token=visitor.access)
    await studio.data(GIG, {"slug": gig["slug"]})
    after = await studio.data(GIG, {"id": gig["id"]}, token=seller.access)
    assert after["gig"]["viewsCount"] == 2


async def test_a_view_is_not_an_edit(studio: Studio) -> None:
    seller, visitor = await studio.seller(), await studio.buyer()
    gig = await studio.active_gig(seller)
    query = "query($id: ID) { gig(id: $id) { viewsCount updatedAt } }"
    before = (await studio.data(query, {"id": gig["id"]}, token=seller.access))["gig"]
    await studio.data(query, {"id": gig["id"]}, token=visitor.access)
    await studio.data(query, {"id": gig["id"]})
    after = (await studio.data(query, {"id": gig["id"]}, token=seller.access))["gig"]
    assert after["viewsCount"] == before["viewsCount"] + 2
    assert after["updatedAt"] == before["updatedAt"]


async def test_gigs_with_one_title_created_at_once_get_distinct_slugs(studio: Studio) -> None:
    seller = await studio.seller()
    title = f"Concurrent gig title {uuid.uuid4().hex[:6]}"
    made = await asyncio.gather(*(studio.draft(seller, title=title) for _ in range(6)))
    slugs = [gig["slug"] for gig in made]
    assert len(set(slugs)) == 6
    assert all(slug.startswith(slugify(title, GIG_SLUGS.max_length)) for slug in slugs)
