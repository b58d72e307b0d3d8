"""kit.update_inputs.update_input: an update input is its key plus the create input, partial."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest
import strawberry

from subgraphs.kit.fields import sent_fields
from subgraphs.kit.update_inputs import update_input


@strawberry.input
class CreateThing:
    owner_id: strawberry.ID
    title: str
    tags: list[str] = strawberry.field(default_factory=list, description="Lower case.")
    note: str | None = None


@update_input(CreateThing, skip=("owner_id",))
class UpdateThing:
    id: strawberry.ID


@strawberry.type
class Query:
    @strawberry.field
    def echo(self, input: UpdateThing) -> str:
        return repr(sent_fields(input))


SCHEMA = strawberry.Schema(query=Query)


def test_the_key_then_every_create_field_but_the_skipped_optional() -> None:
    printed = SCHEMA.as_str()
    assert (
        textwrap.dedent('''\
        """Fields left out keep their value."""
        input UpdateThing {
          id: ID!
          title: String

          """Lower case."""
          tags: [String!]
          note: String
        }''')
        in printed
    )


def test_a_field_left_out_is_not_sent_and_null_is() -> None:
    result = SCHEMA.execute_sync('{ echo(input: {id: "7", title: null, tags: ["a"]}) }')
    assert result.errors is None
    assert result.data == {"echo": repr({"id": "7", "title": None, "tags": ["a"]})}


def test_the_description_can_be_named() -> None:
    @update_input(CreateThing, skip=("owner_id", "tags"), description="Only the title.")
    class RenameThing:
        id: strawberry.ID

    fields: Any = RenameThing.__strawberry_definition__  # type: ignore[attr-defined]
    assert fields.description == "Only the title."
    assert [field.python_name for field in fields.fields] == ["id", "title", "note"]


def test_a_skip_that_names_no_field_is_refused() -> None:
    with pytest.raises(TypeError, match="CreateThing has no field owner"):

        @update_input(CreateThing, skip=("owner",))
        class Misspelt:
            id: strawberry.ID
