"""kit.fields.sent_fields: a partial update sees what the client sent, `null` included."""

from __future__ import annotations

import strawberry

from subgraphs.kit.fields import sent_fields


@strawberry.input
class UpdateThing:
    id: strawberry.ID
    title: str | None = strawberry.UNSET
    body: str | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET


def test_unsent_fields_are_left_out_and_null_is_kept() -> None:
    sent = UpdateThing(id=strawberry.ID("1"), title=None, tags=["a"])
    assert sent_fields(sent) == {"id": "1", "title": None, "tags": ["a"]}


def test_skip_and_only() -> None:
    sent = UpdateThing(id=strawberry.ID("1"), title="t", body="b")
    assert sent_fields(sent, skip=("id",)) == {"title": "t", "body": "b"}
    assert sent_fields(sent, only=("title", "tags")) == {"title": "t"}
    assert list(sent_fields(sent)) == ["id", "title", "body"]  # declaration order
