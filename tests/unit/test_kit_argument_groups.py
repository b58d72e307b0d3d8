"""kit.argument_groups through its two uses: `first`/`after` in the schema and one `Page` for
the resolver (kit.connection_fields), `id`/`slug` and one `IdOrSlug` (kit.lookup_fields)."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry

from subgraphs.kit.connection_fields import connection_field
from subgraphs.kit.connections import MAX_PAGE_SIZE, Page, page_size
from subgraphs.kit.cursors import decode_cursor, encode_cursor
from subgraphs.kit.lookup_fields import IdOrSlug, lookup_field
from subgraphs.kit.schema import federation_schema


@strawberry.type
class Asked:
    tag: str | None
    first: int | None
    after: str | None
    size: int


@strawberry.type
class Found:
    id: strawberry.ID | None
    slug: str | None


@strawberry.type
class Query:
    @connection_field(description="Echoes the page it was handed.")
    async def items(self, page: Page, tag: str | None = None) -> Asked:
        if page.after is not None:
            decode_cursor(page.after, 1)  # a cursor the client made up is BAD_USER_INPUT
        return Asked(tag=tag, first=page.first, after=page.after, size=page_size(page.first))

    @connection_field(description="No arguments of its own.")
    def plain(self, page: Page) -> Asked:
        return Asked(tag=None, first=page.first, after=page.after, size=page_size(page.first))

    @lookup_field(description="By id or slug.")
    def thing(self, key: IdOrSlug) -> Found:
        return Found(id=key.id, slug=key.slug)


schema = federation_schema(query=Query)
LIST_SIZE = (
    '@listSize(assumedSize: 20, slicingArguments: ["first"], sizedFields: ["edges"], '
    "requireOneSlicingArgument: false)"
)


def test_first_and_after_come_last_nullable_and_null_by_default() -> None:
    printed = str(schema)
    assert (
        f"items(tag: String = null, first: Int = null, after: String = null): Asked! {LIST_SIZE}"
        in printed
    )
    assert f"plain(first: Int = null, after: String = null): Asked! {LIST_SIZE}" in printed
    assert '"""Echoes the page it was handed."""' in printed
    assert "page:" not in printed and "Page" not in printed


async def test_the_resolver_gets_one_page() -> None:
    cursor = encode_cursor((7,))
    result = await schema.execute(
        f'{{ items(tag: "t", first: 5, after: "{cursor}") {{ tag first after size }} }}'
    )
    assert result.errors is None
    assert result.data == {"items": {"tag": "t", "first": 5, "after": cursor, "size": 5}}


async def test_without_arguments_the_page_is_the_default_one() -> None:
    result = await schema.execute("{ items { tag first after size } plain { size } }")
    assert result.errors is None
    assert result.data == {
        "items": {"tag": None, "first": None, "after": None, "size": 20},
        "plain": {"size": 20},
    }


async def test_variables_reach_the_page() -> None:
    query = "query($n: Int, $c: String) { plain { first } items(first: $n, after: $c) { first } }"
    result = await schema.execute(query, variable_values={"n": 3, "c": None})
    assert result.errors is None
    assert result.data == {"plain": {"first": None}, "items": {"first": 3}}


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [(f"first: {MAX_PAGE_SIZE + 1}", "first"), ("first: -1", "first"), ('after: "??"', "after")],
)
async def test_a_bad_page_is_the_clients_mistake(arguments: str, argument: str) -> None:
    result = await schema.execute(f"{{ items({arguments}) {{ size }} }}")
    assert result.errors is not None
    extensions: dict[str, Any] = result.errors[0].extensions or {}
    assert extensions == {"code": "BAD_USER_INPUT", "argument": argument}


async def test_page_is_no_argument_of_the_field() -> None:
    result = await schema.execute('{ plain(page: "x") { size } }')
    assert result.errors is not None
    assert "Unknown argument 'page'" in result.errors[0].message


def test_a_connection_field_must_ask_for_the_page() -> None:
    @strawberry.type
    class Wrong:
        @connection_field(description="Forgot the page.")
        def items(self, first: int | None = None) -> Asked:
            raise AssertionError("never resolved")

    with pytest.raises(TypeError, match="takes no `page: Page`"):
        federation_schema(query=Wrong)


def test_a_lookup_takes_id_and_slug() -> None:
    assert "thing(id: ID = null, slug: String = null): Found!" in str(schema)
    assert "key:" not in str(schema)


@pytest.mark.parametrize(
    ("arguments", "found"),
    [('id: "7"', {"id": "7", "slug": None}), ('slug: "s"', {"id": None, "slug": "s"})],
)
async def test_the_resolver_gets_the_id_or_the_slug(arguments: str, found: dict[str, Any]) -> None:
    result = await schema.execute(f"{{ thing({arguments}) {{ id slug }} }}")
    assert result.errors is None
    assert result.data == {"thing": found}


@pytest.mark.parametrize("arguments", ["", '(id: "7", slug: "s")', "(id: null, slug: null)"])
async def test_a_lookup_takes_exactly_one(arguments: str) -> None:
    result = await schema.execute(f"{{ thing{arguments} {{ id }} }}")
    assert result.errors is not None and result.data is None
    assert result.errors[0].message == "Give exactly one of `id` and `slug`."
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT"}
