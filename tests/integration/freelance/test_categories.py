"""Gig categories: a tree managed by admins."""

from __future__ import annotations

import uuid
from typing import Any

from subgraphs.kit.database import Database
from tests.integration.freelance.studio import Studio
from tests.support.graphql import error_codes
from tests.support.sql import count_statements

CREATE = """
mutation($input: CreateGigCategoryInput!) {
  createGigCategory(input: $input) {
    category { id name slug icon parent { id } children { id } } errors { field code }
  }
}
"""
UPDATE = """
mutation($input: UpdateGigCategoryInput!) {
  updateGigCategory(input: $input) { category { id name icon parent { id } } errors { field code } }
}
"""
TREE = "{ gigCategories { id name slug children { id name children { id name } } } }"
DEEP_TREE = "{ gigCategories { id children { id parent { id } children { id parent { id } } } } }"


async def create(
    studio: Studio, name: str, parent: str | None = None, **fields: Any
) -> dict[str, Any]:
    return await studio.payload(
        CREATE,
        {"input": {"name": name, "parentId": parent, **fields}},
        studio.admin.access,
        "createGigCategory",
    )


async def test_admins_build_a_tree(studio: Studio) -> None:
    tag = uuid.uuid4().hex[:6]
    root = (await create(studio, f"Design {tag}", icon="palette"))["category"]
    assert root["slug"] == f"design-{tag}" and root["icon"] == "palette" and root["parent"] is None
    child = (await create(studio, f"Логотипы {tag}", root["id"]))["category"]
    assert child["slug"] == f"logotipy-{tag}" and child["parent"] == {"id": root["id"]}
    grandchild = (await create(studio, f"Mascots {tag}", child["id"]))["category"]
    tree = await studio.data(TREE)
    mine = next(c for c in tree["gigCategories"] if c["id"] == root["id"])
    assert mine["children"] == [
        {
            "id": child["id"],
            "name": f"Логотипы {tag}",
            "children": [{"id": grandchild["id"], "name": f"Mascots {tag}"}],
        }
    ]
    assert all(c["id"] != child["id"] for c in tree["gigCategories"])
    same_name = (await create(studio, f"Design {tag}"))["category"]
    assert same_name["slug"] == f"design-{tag}-2"


async def test_update_moves_without_cycles(studio: Studio) -> None:
    tag = uuid.uuid4().hex[:6]
    root = (await create(studio, f"Writing {tag}"))["category"]
    child = (await create(studio, f"Copy {tag}", root["id"]))["category"]
    cycle = await studio.payload(
        UPDATE,
        {"input": {"id": root["id"], "parentId": child["id"]}},
        studio.admin.access,
        "updateGigCategory",
    )
    assert [(e["code"], e["field"]) for e in cycle["errors"]] == [("INVALID_PARENT", "parentId")]
    itself = await studio.payload(
        UPDATE,
        {"input": {"id": root["id"], "parentId": root["id"]}},
        studio.admin.access,
        "updateGigCategory",
    )
    assert [e["code"] for e in itself["errors"]] == ["INVALID_PARENT"]
    renamed = await studio.payload(
        UPDATE,
        {"input": {"id": child["id"], "name": f"Copywriting {tag}", "parentId": None}},
        studio.admin.access,
        "updateGigCategory",
    )
    assert renamed["category"] == {
        "id": child["id"],
        "name": f"Copywriting {tag}",
        "icon": None,
        "parent": None,
    }


async def test_only_admins_manage_categories(studio: Studio) -> None:
    seller = await studio.seller()
    for token in (seller.access, studio.moderator.access):
        body = await studio.client.execute(CREATE, {"input": {"name": "Hacking"}}, token=token)
        assert error_codes(body) == ["FORBIDDEN"]
    short = await create(studio, "X")
    assert [(e["code"], e["field"]) for e in short["errors"]] == [("TOO_SHORT", "name")]
    orphan = await create(studio, "Orphan category", str(uuid.UUID(int=1)))
    assert [e["code"] for e in orphan["errors"]] == ["CATEGORY_NOT_FOUND"]


async def test_the_whole_tree_is_one_statement_at_any_depth(
    studio: Studio, freelance_db: Database
) -> None:
    root = (await create(studio, f"Audio {uuid.uuid4().hex[:6]}"))["category"]
    child = (await create(studio, f"Mixing {uuid.uuid4().hex[:6]}", root["id"]))["category"]
    await create(studio, f"Mastering {uuid.uuid4().hex[:6]}", child["id"])
    with count_statements(freelance_db.engine) as log:
        tree = await studio.data(DEEP_TREE)
    mine = next(c for c in tree["gigCategories"] if c["id"] == root["id"])
    assert mine["children"][0]["children"][0]["parent"] == {"id": child["id"]}
    assert log.count == 1
