"""kit.child_pages on real PostgreSQL: the lists of many parents in one statement, the same
pages and cursors as `paginate`, counts batched too."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from subgraphs.kit.child_pages import ChildListing, ChildPages, empty_connection
from subgraphs.kit.connections import Connection, Page, SortKey, paginate
from subgraphs.kit.database import Database
from subgraphs.kit.errors import BadUserInput
from tests.integration.kit.tables import Book, Shelf
from tests.support.sql import count_statements

KEYS = [SortKey(Book.title), SortKey(Book.id)]


def books_of_shelves(include_hidden: bool) -> ChildListing:
    statement = select(Book)
    if not include_hidden:
        statement = statement.where(Book.hidden.is_(False))
    return ChildListing(statement, Book.shelf_id, KEYS)


@dataclass
class Library:
    full: uuid.UUID  # five visible books, two hidden
    small: uuid.UUID  # two visible books
    empty: uuid.UUID


@pytest.fixture
async def library(kit_db: Database) -> Library:
    async with kit_db.session() as session:
        shelves = [Shelf(id=uuid.uuid4(), name=name) for name in ("full", "small", "empty")]
        session.add_all(shelves)
        await session.flush()
        for shelf, titles in zip(shelves, ("ABCDEFG", "XY", ""), strict=True):
            for index, title in enumerate(titles):
                session.add(
                    Book(
                        shelf_id=shelf.id,
                        title=title,
                        slug=uuid.uuid4().hex,
                        hidden=shelf.name == "full" and index >= 5,
                    )
                )
        await session.commit()
    return Library(*(shelf.id for shelf in shelves))


def _titles(connection: Connection[Any]) -> list[str]:
    return [edge.node for edge in connection.edges]


async def _page(
    pages: ChildPages[bool], shelf: uuid.UUID, first: int | None, after: str | None = None
) -> Connection[str]:
    return await pages.connection(shelf, False, lambda row: row.title, Page(first, after))


async def test_first_pages_of_many_parents_cost_one_statement(
    kit_db: Database, library: Library
) -> None:
    pages = ChildPages(kit_db, books_of_shelves)
    with count_statements(kit_db.engine) as log:
        full, small, empty, full_short = await asyncio.gather(
            _page(pages, library.full, 3),
            _page(pages, library.small, 3),
            _page(pages, library.empty, 3),
            _page(pages, library.full, 1),  # a smaller page is cut from the same rows
        )
    assert log.count == 1
    assert (_titles(full), full.page_info.has_next_page) == (["A", "B", "C"], True)
    assert (_titles(small), small.page_info.has_next_page) == (["X", "Y"], False)
    assert (_titles(empty), empty.page_info.end_cursor) == ([], None)
    assert (_titles(full_short), full_short.page_info.has_next_page) == (["A"], True)
    assert not full.page_info.has_previous_page

    with count_statements(kit_db.engine) as log:
        counts = await asyncio.gather(full.total_count(), small.total_count(), empty.total_count())
    assert (counts, log.count) == ([5, 2, 0], 1)


async def test_pages_and_cursors_are_the_ones_paginate_makes(
    kit_db: Database, library: Library
) -> None:
    pages = ChildPages(kit_db, books_of_shelves)
    first = await _page(pages, library.full, 2)
    alone = await paginate(
        kit_db,
        books_of_shelves(False).statement.where(Book.shelf_id == library.full),
        KEYS,
        lambda row: row.title,
        Page(first=2),
    )
    assert [edge.cursor for edge in first.edges] == [edge.cursor for edge in alone.edges]
    rest = await _page(pages, library.full, 10, after=first.page_info.end_cursor)
    assert _titles(rest) == ["C", "D", "E"] and rest.page_info.has_previous_page
    assert not rest.page_info.has_next_page and await rest.total_count() == 5


async def test_each_variant_is_its_own_statement(kit_db: Database, library: Library) -> None:
    pages = ChildPages(kit_db, books_of_shelves)
    with count_statements(kit_db.engine) as log:
        visible, everything = await asyncio.gather(
            pages.connection(library.full, False, lambda row: row.title, Page(first=10)),
            pages.connection(library.full, True, lambda row: row.title, Page(first=10)),
        )
    assert log.count == 2
    assert _titles(visible) == list("ABCDE") and _titles(everything) == list("ABCDEFG")


async def test_a_list_without_variants(kit_db: Database, library: Library) -> None:
    pages = ChildPages.fixed(kit_db, books_of_shelves(True))
    page = await pages.connection(library.small, None, lambda row: row.slug, Page())
    assert len(page.edges) == 2 and await page.total_count() == 2


async def test_bad_arguments_fail_in_the_resolver(kit_db: Database, library: Library) -> None:
    pages = ChildPages(kit_db, books_of_shelves)
    with pytest.raises(BadUserInput):
        await _page(pages, library.full, 101)
    with pytest.raises(BadUserInput):
        await _page(pages, library.full, 2, after="not a cursor")


async def test_an_empty_connection() -> None:
    empty = empty_connection()
    assert empty.edges == [] and not empty.page_info.has_next_page
    assert await empty.total_count() == 0
