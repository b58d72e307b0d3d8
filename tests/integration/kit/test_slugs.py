"""kit.slugs on real PostgreSQL: the rule, renames, and races settled by the unique index."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from subgraphs.kit.codes import Code
from subgraphs.kit.database import Database
from subgraphs.kit.errors import DomainError
from subgraphs.kit.slugs import SlugColumn, first_free, slugify
from tests.integration.kit.tables import Book, Shelf

SLUGS = SlugColumn(Book.slug, fallback="book", field="title")


@pytest.fixture
async def shelf(kit_db: Database) -> uuid.UUID:
    async with kit_db.session() as session:
        row = Shelf(name="slugs")
        session.add(row)
        await session.commit()
        return row.id


def _book(shelf: uuid.UUID, title: str, isbn: str | None = None) -> Book:
    return Book(id=uuid.uuid4(), shelf_id=shelf, title=title, isbn=isbn)


async def _save(db: Database, shelf: uuid.UUID, title: str) -> str:
    async with db.session() as session:
        slug = await SLUGS.save(session, _book(shelf, title), title)
        await session.commit()
        return slug


def test_the_rule() -> None:
    assert slugify("Дизайн логотипа!", 80) == "dizain-logotipa"
    assert slugify("  Ünïcödé -- café  ", 80) == "unicode-cafe"
    assert slugify("★★★", 80) == ""
    assert slugify("word " * 10, 12) == "word-word-wo"
    assert slugify("abc def", 4) == "abc"  # never a trailing dash
    assert first_free("news", set()) == "news"
    assert first_free("news", {"news", "news-2", "news-3"}) == "news-4"
    assert SLUGS.max_length == 20  # String(60) less the room for a suffix


def test_empty_text_falls_back_to_the_prefix_and_the_id() -> None:
    row_id = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert SLUGS.base("🔥🔥🔥", row_id=row_id) == "book-12345678"
    assert SLUGS.base("🔥🔥🔥") != SLUGS.base("🔥🔥🔥")  # random without an id


async def test_taken_slugs_get_the_first_free_number(kit_db: Database, shelf: uuid.UUID) -> None:
    tag = uuid.uuid4().hex[:6]
    slugs = [await _save(kit_db, shelf, f"Книга {tag}") for _ in range(3)]
    assert slugs == [f"kniga-{tag}", f"kniga-{tag}-2", f"kniga-{tag}-3"]
    long = await _save(kit_db, shelf, f"{tag} " + "very long title " * 5)
    assert len(long) <= 20 and long.startswith(tag) and not long.endswith("-")


async def test_a_renamed_row_does_not_collide_with_itself(
    kit_db: Database, shelf: uuid.UUID
) -> None:
    tag = uuid.uuid4().hex[:6]
    await _save(kit_db, shelf, f"taken {tag}")
    async with kit_db.session() as session:
        book = _book(shelf, f"mine {tag}")
        assert await SLUGS.save(session, book, book.title) == f"mine-{tag}"
        await session.commit()
    async with kit_db.session() as session:
        row = await session.get(Book, book.id)
        assert row is not None
        row.title = f"Mine {tag}!"
        assert await SLUGS.save(session, row, row.title) == f"mine-{tag}"
        row.title = f"taken {tag}"
        assert await SLUGS.save(session, row, row.title) == f"taken-{tag}-2"
        await session.commit()
    async with kit_db.session() as session:
        stored = await session.get(Book, book.id)
        assert stored is not None and (stored.slug, stored.title) == (f"taken-{tag}-2", row.title)


async def _lose_a_race(db: Database, shelf: uuid.UUID, slugs: SlugColumn, title: str) -> str:
    """Another transaction commits the slug after this one's snapshot: the look-up cannot see
    it, so the insert is the first to know (what two simultaneous requests do)."""
    async with db.session() as late:
        await late.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        await late.execute(select(1))  # the snapshot
        assert await _save(db, shelf, title) == slugify(title, 20)  # the winner commits
        other = _book(shelf, "other")
        late.add(Book(id=uuid.uuid4(), shelf_id=shelf, title="pending", slug=uuid.uuid4().hex))
        slug = await slugs.save(late, other, title)
        await late.commit()
        return slug


async def test_a_lost_race_retries_with_a_random_suffix(kit_db: Database, shelf: uuid.UUID) -> None:
    tag = uuid.uuid4().hex[:6]
    slug = await _lose_a_race(kit_db, shelf, SLUGS, f"race {tag}")
    assert slug.startswith(f"race-{tag}-") and slug != f"race-{tag}-2"
    async with kit_db.session() as session:
        titles = set(
            (await session.execute(select(Book.title).where(Book.shelf_id == shelf))).scalars()
        )
    assert {"other", "pending"} <= titles  # the loser's other pending row went in too


async def test_when_every_attempt_loses_slug_taken_names_the_field(
    kit_db: Database, shelf: uuid.UUID
) -> None:
    once = SlugColumn(Book.slug, fallback="book", field="title", attempts=1)
    with pytest.raises(DomainError) as raised:
        await _lose_a_race(kit_db, shelf, once, f"race {uuid.uuid4().hex[:6]}")
    assert raised.value.code is Code.SLUG_TAKEN and raised.value.field == "title"


async def test_other_conflicts_are_the_callers(kit_db: Database, shelf: uuid.UUID) -> None:
    isbn = uuid.uuid4().hex[:13]
    async with kit_db.session() as session:
        await SLUGS.save(session, _book(shelf, "first", isbn), "first")
        await session.commit()
    async with kit_db.session() as session:
        with pytest.raises(IntegrityError, match="uq_books_isbn"):
            await SLUGS.save(session, _book(shelf, "second", isbn), "second")
