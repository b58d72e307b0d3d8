"""Product categories: admins manage the tree; everyone reads it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.integration.marketplace.conftest import People
from tests.integration.marketplace.market import (
    CREATE_CATEGORY,
    UPDATE_CATEGORY,
    Market,
    unique_word,
)
from tests.support.graphql import error_codes

TREE = """
{ productCategories { id name slug children { id name parent { id } children { id name } } } }
"""
BY = "query($id: ID, $slug: String) { productCategory(id: $id, slug: $slug) { id name parent { name } children { name } } }"


def find(categories: list[dict[str, Any]], category_id: str) -> dict[str, Any]:
    return next(category for category in categories if category["id"] == category_id)


async def test_admin_builds_a_tree_that_reads_back(people: People, market: Market) -> None:
    admin = people.admin.access
    word = unique_word()
    root = await market.create_category(admin, name=f"Электроника {word}", icon="chip")
    phones = await market.create_category(admin, name="Phones", parentId=root["id"])
    laptops = await market.create_category(admin, name="Laptops", parentId=root["id"])
    used = await market.create_category(admin, name="Used", parentId=phones["id"])
    assert root["slug"] == f"elektronika-{word}" and root["icon"] == "chip"
    assert phones["parent"] == {"id": root["id"]}

    tree = (await market.client.data(TREE))["productCategories"]
    node = find(tree, root["id"])
    assert [child["name"] for child in node["children"]] == ["Laptops", "Phones"]
    phones_node = find(node["children"], phones["id"])
    assert phones_node["parent"] == {"id": root["id"]}
    assert phones_node["children"] == [{"id": used["id"], "name": "Used"}]
    assert find(node["children"], laptops["id"])["children"] == []
    assert all(category["id"] != phones["id"] for category in tree)  # only roots at the top

    by_slug = await market.client.data(BY, {"slug": phones["slug"]})
    assert by_slug["productCategory"] == {
        "id": phones["id"],
        "name": "Phones",
        "parent": {"name": f"Электроника {word}"},
        "children": [{"name": "Used"}],
    }
    by_id = await market.client.data(BY, {"id": used["id"]})
    assert by_id["productCategory"]["parent"] == {"name": "Phones"}


async def test_update_is_partial_and_moves_within_the_tree(people: People, market: Market) -> None:
    admin = people.admin.access
    a = await market.create_category(admin, icon="a")
    b = await market.create_category(admin)
    child = await market.create_category(admin, name="Child", parentId=a["id"], icon="c")

    renamed = await market.update_category(admin, id=child["id"], name="Renamed")
    assert renamed["errors"] == []
    assert renamed["category"]["icon"] == "c" and renamed["category"]["parent"] == {"id": a["id"]}
    assert renamed["category"]["slug"] == child["slug"]  # addresses stay stable

    moved = await market.update_category(admin, id=child["id"], parentId=b["id"])
    assert moved["category"]["parent"] == {"id": b["id"]}
    assert moved["category"]["name"] == "Renamed"

    rooted = await market.update_category(admin, id=child["id"], parentId=None, icon=None)
    assert rooted["category"]["parent"] is None and rooted["category"]["icon"] is None


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"name": "x"}, "INVALID_NAME", "name"),
        ({"name": "n" * 101}, "INVALID_NAME", "name"),
        ({"icon": "i" * 101}, "TOO_LONG", "icon"),
        ({"parentId": "00000000-0000-0000-0000-000000000000"}, "CATEGORY_NOT_FOUND", "parentId"),
        ({"parentId": "garbage"}, "CATEGORY_NOT_FOUND", "parentId"),
    ],
)
async def test_bad_new_categories(
    people: People, market: Market, fields: dict[str, Any], code: str, field: str
) -> None:
    payload = await market.create_category_raw(
        people.admin.access, **{"name": f"Fine {unique_word()}", **fields}
    )
    assert payload["category"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]


async def test_sibling_names_are_unique(people: People, market: Market) -> None:
    admin = people.admin.access
    name = f"Bikes {unique_word()}"
    parent = await market.create_category(admin, name=name)
    taken = await market.create_category_raw(admin, name=name.upper())
    assert [(e["code"], e["field"]) for e in taken["errors"]] == [("NAME_TAKEN", "name")]
    child = await market.create_category(admin, name=name, parentId=parent["id"])  # not a sibling
    assert child["slug"] != parent["slug"]
    other = await market.create_category(admin)
    clash = await market.update_category(admin, id=other["id"], name=name)
    assert [e["code"] for e in clash["errors"]] == ["NAME_TAKEN"]


async def test_cycles_are_refused(people: People, market: Market) -> None:
    admin = people.admin.access
    top = await market.create_category(admin)
    middle = await market.create_category(admin, parentId=top["id"])
    bottom = await market.create_category(admin, parentId=middle["id"])
    for target, parent in ((top, bottom), (top, top), (middle, bottom)):
        payload = await market.update_category(admin, id=target["id"], parentId=parent["id"])
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [
            ("CATEGORY_CYCLE", "parentId")
        ]
    missing = await market.update_category(
        admin, id="00000000-0000-0000-0000-000000000000", name="Whatever"
    )
    assert [e["code"] for e in missing["errors"]] == ["CATEGORY_NOT_FOUND"]
    cleared = await market.update_category(admin, id=top["id"], name=None)
    assert [e["code"] for e in cleared["errors"]] == ["REQUIRED"]


async def test_only_admins_manage_categories(people: People, market: Market) -> None:
    category = await market.create_category(people.admin.access)
    for account in (people.seller, people.buyer, people.moderator):
        created = await market.client.execute(
            CREATE_CATEGORY, {"input": {"name": "Nope"}}, token=account.access
        )
        updated = await market.client.execute(
            UPDATE_CATEGORY, {"input": {"id": category["id"], "name": "Nope"}}, token=account.access
        )
        assert error_codes(created) == error_codes(updated) == ["FORBIDDEN"]
    anonymous = await market.client.execute(CREATE_CATEGORY, {"input": {"name": "Nope"}})
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]


async def test_product_category_needs_exactly_one_of_id_and_slug(market: Market) -> None:
    body = await market.client.execute("{ productCategory { id } }")
    assert error_codes(body) == ["BAD_USER_INPUT"]
    missing = await market.client.data(BY, {"slug": "no-such-category"})
    assert missing["productCategory"] is None


async def test_concurrent_categories(people: People, market: Market) -> None:
    admin = people.admin.access
    name = f"Race {unique_word()}"
    parents = [await market.create_category(admin) for _ in range(4)]
    cousins = await asyncio.gather(
        *(market.create_category_raw(admin, name=name, parentId=p["id"]) for p in parents)
    )
    assert all(payload["errors"] == [] for payload in cousins)
    assert len({payload["category"]["slug"] for payload in cousins}) == 4
    siblings = await asyncio.gather(
        *(market.create_category_raw(admin, name=f"{name} root") for _ in range(4))
    )
    assert sorted(len(payload["errors"]) for payload in siblings) == [0, 1, 1, 1]
    assert {e["code"] for payload in siblings for e in payload["errors"]} == {"NAME_TAKEN"}
