"""kit.user_marks on real PostgreSQL: marking is idempotent and says what is new, clearing
what is not there changes nothing, and concurrent marks make one row."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import func, select

from subgraphs.kit.database import Database
from subgraphs.kit.user_marks import mark, mark_by_many, unmark
from tests.integration.kit.tables import Book, Favorite, Shelf


async def _book(db: Database) -> uuid.UUID:
    async with db.session() as session:
        shelf = Shelf(id=uuid.uuid4(), name="favorites")
        session.add(shelf)
        await session.flush()
        book = Book(shelf_id=shelf.id, title="Loved", slug=uuid.uuid4().hex)
        session.add(book)
        await session.commit()
        return book.id


async def _add(db: Database, reader: uuid.UUID, book: uuid.UUID) -> bool:
    async with db.session() as session, session.begin():
        return await mark(session, Favorite.book_id, reader, book)


async def _rows(db: Database, reader: uuid.UUID) -> int:
    async with db.session() as session:
        count = await session.scalar(
            select(func.count()).select_from(Favorite).where(Favorite.user_id == reader)
        )
        return int(count or 0)


async def test_adding_twice_keeps_one_row_and_only_the_first_is_new(kit_db: Database) -> None:
    book, reader = await _book(kit_db), uuid.uuid4()
    assert await _add(kit_db, reader, book) is True
    assert await _add(kit_db, reader, book) is False
    assert await _rows(kit_db, reader) == 1


async def test_concurrent_adds_make_one_row_and_one_new(kit_db: Database) -> None:
    book, reader = await _book(kit_db), uuid.uuid4()
    added = await asyncio.gather(*(_add(kit_db, reader, book) for _ in range(4)))
    assert sorted(added) == [False, False, False, True]
    assert await _rows(kit_db, reader) == 1


async def test_removing_drops_only_that_bookmark_and_is_idempotent(kit_db: Database) -> None:
    book, other = await _book(kit_db), await _book(kit_db)
    reader = uuid.uuid4()
    await _add(kit_db, reader, book)
    await _add(kit_db, reader, other)
    cleared = []
    for _ in range(2):
        async with kit_db.session() as session, session.begin():
            cleared.append(await unmark(session, Favorite.book_id, reader, book))
    assert cleared == [True, False]
    async with kit_db.session() as session:
        left = (
            await session.scalars(select(Favorite.book_id).where(Favorite.user_id == reader))
        ).all()
    assert left == [other]


async def test_many_users_in_one_statement_count_only_the_new(kit_db: Database) -> None:
    book, known, new = await _book(kit_db), uuid.uuid4(), uuid.uuid4()
    await _add(kit_db, known, book)
    async with kit_db.session() as session, session.begin():
        assert await mark_by_many(session, Favorite.book_id, [known, new, new], book) == 1
        assert await mark_by_many(session, Favorite.book_id, [], book) == 0
    assert await _rows(kit_db, new) == 1
