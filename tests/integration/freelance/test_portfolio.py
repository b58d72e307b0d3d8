"""Portfolio items: create, update, delete by their owner; listed on User.portfolio."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.freelance.studio import Studio
from tests.support.graphql import error_codes

ITEM_FIELDS = """
id title description projectUrl technologies completedOn owner { id } category { id }
images { url caption position }
"""
CREATE = f"""
mutation($input: CreatePortfolioItemInput!) {{
  createPortfolioItem(input: $input) {{ item {{ {ITEM_FIELDS} }} errors {{ field code }} }}
}}
"""
UPDATE = f"""
mutation($input: UpdatePortfolioItemInput!) {{
  updatePortfolioItem(input: $input) {{ item {{ {ITEM_FIELDS} }} errors {{ field code }} }}
}}
"""
DELETE = "mutation($id: ID!) { deletePortfolioItem(id: $id) { deleted errors { code } } }"
PORTFOLIO = """
query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on User { portfolio { totalCount edges { node { id title } } } } } }
"""


def item(**fields: Any) -> dict[str, Any]:
    values = {
        "title": "Brand identity for a bakery",
        "description": "Logo, colours and packaging for a small family bakery.",
        "projectUrl": "https://example.com/bakery",
        "technologies": ["Figma", "Illustrator"],
        "completedOn": "2024-05-01",
        "images": [{"url": "https://img.example/b1.png", "caption": "Logo"}],
    }
    return {"input": values | fields}


async def test_create_update_delete(studio: Studio) -> None:
    owner, other = await studio.buyer(), await studio.buyer()
    created = await studio.payload(CREATE, item(), owner.access, "createPortfolioItem")
    assert created["errors"] == []
    made = created["item"]
    assert made["owner"] == {"id": owner.id}
    assert made["technologies"] == ["figma", "illustrator"]
    assert made["images"] == [
        {"url": "https://img.example/b1.png", "caption": "Logo", "position": 0}
    ]
    updated = await studio.payload(
        UPDATE,
        {"input": {"id": made["id"], "title": "Bakery brand identity"}},
        owner.access,
        "updatePortfolioItem",
    )
    assert updated["item"]["title"] == "Bakery brand identity"
    assert updated["item"]["projectUrl"] == "https://example.com/bakery"
    stranger = await studio.client.execute(
        UPDATE, {"input": {"id": made["id"], "title": "Stolen work here"}}, token=other.access
    )
    assert error_codes(stranger) == ["FORBIDDEN"]
    listed = await studio.data(PORTFOLIO, {"reps": [{"__typename": "User", "id": owner.id}]})
    assert listed["_entities"][0]["portfolio"]["totalCount"] == 1
    assert error_codes(
        await studio.client.execute(DELETE, {"id": made["id"]}, token=other.access)
    ) == ["FORBIDDEN"]
    assert await studio.payload(
        DELETE, {"id": made["id"]}, owner.access, "deletePortfolioItem"
    ) == {
        "deleted": True,
        "errors": [],
    }
    gone = await studio.payload(DELETE, {"id": made["id"]}, owner.access, "deletePortfolioItem")
    assert gone == {"deleted": False, "errors": [{"code": "NOT_FOUND"}]}
    listed = await studio.data(PORTFOLIO, {"reps": [{"__typename": "User", "id": owner.id}]})
    assert listed["_entities"][0]["portfolio"]["totalCount"] == 0


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"title": "Logo"}, "TOO_SHORT", "title"),
        ({"title": "t" * 201}, "TOO_LONG", "title"),
        ({"description": "Too short text"}, "TOO_SHORT", "description"),
        ({"description": "d" * 2001}, "TOO_LONG", "description"),
        ({"projectUrl": "not a url"}, "INVALID_URL", "projectUrl"),
        ({"completedOn": "2999-01-01"}, "INVALID_DATE", "completedOn"),
        ({"images": [{"url": "file:///etc/passwd"}]}, "INVALID_URL", "images"),
        ({"technologies": ["t" * 51]}, "INVALID_TAG", "technologies"),
        (
            {"categoryId": "00000000-0000-0000-0000-000000000000"},
            "CATEGORY_NOT_FOUND",
            "categoryId",
        ),
    ],
)
async def test_limits(studio: Studio, fields: dict[str, Any], code: str, field: str) -> None:
    result = await studio.payload(
        CREATE, item(**fields), studio.moderator.access, "createPortfolioItem"
    )
    assert result["item"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)]


async def test_signed_in_only(studio: Studio) -> None:
    assert error_codes(await studio.client.execute(CREATE, item())) == ["UNAUTHENTICATED"]
