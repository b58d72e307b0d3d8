"""kit.unique_races on real PostgreSQL: losing the named unique index is the rule's error; any
other integrity error is not renamed, and an index the model does not declare is refused."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.exc import IntegrityError

from subgraphs.kit.codes import Code
from subgraphs.kit.database import Database
from subgraphs.kit.errors import DomainError
from subgraphs.kit.unique_races import unique_or
from tests.integration.kit.tables import Book, Shelf

ISBN_INDEX = "uq_books_isbn"


def _taken() -> DomainError:
    return DomainError(Code.NAME_TAKEN, "That ISBN is taken.", "isbn")


async def _shelf(db: Database) -> uuid.UUID:
    async with db.session() as session:
        shelf = Shelf(id=uuid.uuid4(), name="races")
        session.add(shelf)
        await session.commit()
        return shelf.id


def _book(shelf_id: uuid.UUID, isbn: str) -> Book:
    return Book(shelf_id=shelf_id, title="Race", slug=uuid.uuid4().hex, isbn=isbn)


async def test_losing_the_index_is_the_rules_error(kit_db: Database) -> None:
    shelf_id, isbn = await _shelf(kit_db), uuid.uuid4().hex[:20]
    async with kit_db.session() as session:
        session.add(_book(shelf_id, isbn))
        await session.commit()
    async with kit_db.session() as session:
        session.add(_book(shelf_id, isbn))
        with pytest.raises(DomainError) as raised, unique_or(Book, ISBN_INDEX, _taken()):
            await session.flush()
    assert (raised.value.code, raised.value.field) == (Code.NAME_TAKEN, "isbn")
    assert isinstance(raised.value.__cause__, IntegrityError)


async def test_another_integrity_error_is_not_renamed(kit_db: Database) -> None:
    async with kit_db.session() as session:
        session.add(_book(uuid.uuid4(), uuid.uuid4().hex[:20]))  # a shelf that does not exist
        with (
            pytest.raises(IntegrityError, match="fk_books_shelf_id_shelves"),
            unique_or(Book, ISBN_INDEX, _taken()),
        ):
            await session.flush()


def test_an_index_the_model_does_not_declare_is_refused() -> None:
    refused = r"books declares no unique index or constraint 'uq_books_title'"
    with pytest.raises(ValueError, match=refused), unique_or(Book, "uq_books_title", _taken()):
        pass
