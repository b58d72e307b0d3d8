"""kit.row_loaders on real PostgreSQL: each loader answers a batch of keys with one statement,
in the keys' order, with None / [] / False for keys that find nothing."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

import pytest

from subgraphs.kit.database import Database
from subgraphs.kit.row_loaders import by_client_id, pair_exists, pair_value, row_by, rows_by
from tests.integration.kit.tables import Book, Shelf
from tests.support.sql import count_statements


@dataclass
class Shelves:
    full: Shelf  # books "C", "A", "B", added in that order
    empty: Shelf
    books: dict[str, Book]


@pytest.fixture
async def shelves(kit_db: Database) -> Shelves:
    async with kit_db.session() as session:
        full, empty = Shelf(id=uuid.uuid4(), name="full"), Shelf(id=uuid.uuid4(), name="empty")
        session.add_all([full, empty])
        await session.flush()
        run = uuid.uuid4().hex[:8]  # ISBNs are unique across the session's tests
        books = {
            title: Book(shelf_id=full.id, title=title, slug=uuid.uuid4().hex, isbn=f"{run}-{title}")
            for title in "CAB"
        }
        session.add_all(books.values())
        await session.commit()
    return Shelves(full, empty, books)


async def test_row_by_answers_a_batch_in_one_statement(kit_db: Database, shelves: Shelves) -> None:
    loader = row_by(kit_db, Book, Book.isbn)
    with count_statements(kit_db.engine) as log:
        found = await loader.load_many([shelves.books["B"].isbn, "nope", shelves.books["C"].isbn])
    assert [None if book is None else book.title for book in found] == ["B", None, "C"]
    assert log.count == 1


async def test_rows_by_groups_each_keys_rows_in_order(kit_db: Database, shelves: Shelves) -> None:
    loader = rows_by(kit_db, Book, Book.shelf_id, Book.title)
    with count_statements(kit_db.engine) as log:
        full, empty = await asyncio.gather(
            loader.load(shelves.full.id), loader.load(shelves.empty.id)
        )
    assert ([book.title for book in full], empty) == (["A", "B", "C"], [])
    assert log.count == 1


async def test_pairs_exist_and_carry_a_value(kit_db: Database, shelves: Shelves) -> None:
    book = shelves.books["A"]
    exists = pair_exists(kit_db, Book.shelf_id, Book.id)
    titles = pair_value(kit_db, Book.shelf_id, Book.id, Book.title)
    held, elsewhere = (shelves.full.id, book.id), (shelves.empty.id, book.id)
    with count_statements(kit_db.engine) as log:
        answers = await asyncio.gather(
            exists.load(held), exists.load(elsewhere), titles.load(held), titles.load(elsewhere)
        )
    assert answers == [True, False, "A", None]
    assert log.count == 2  # one per loader


@pytest.mark.parametrize("value", ["not-a-uuid", "", None, 42])
async def test_a_client_id_that_is_no_uuid_finds_nothing_without_a_query(
    kit_db: Database, value: object
) -> None:
    with count_statements(kit_db.engine) as log:
        assert await by_client_id(row_by(kit_db, Shelf, Shelf.id), value) is None
    assert log.count == 0


async def test_a_client_id_in_any_spelling_finds_its_row(
    kit_db: Database, shelves: Shelves
) -> None:
    loader = row_by(kit_db, Shelf, Shelf.id)
    for spelling in (str(shelves.full.id), str(shelves.full.id).upper(), shelves.full.id.hex):
        found = await by_client_id(loader, spelling)
        assert found is not None and found.name == "full"
