"""Tables of the kit's own tests, in a PostgreSQL schema of their own (created per run).

Shelves hold books: enough for a list under parents (`child_pages`), a slug column with room
for a 20-character slug (`slugs`), and another unique column whose conflicts are not slugs'.
Readers bookmark books (`favorites`).
"""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, ForeignKey, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from subgraphs.kit.database import NAMING_CONVENTION
from subgraphs.kit.models import CreatedAt, FavoriteColumns, SubgraphBase, Timestamps, UuidPk

SCHEMA = f"kit_test_{uuid.uuid4().hex[:12]}"


class Base(SubgraphBase, DeclarativeBase):
    metadata = MetaData(schema=SCHEMA, naming_convention=NAMING_CONVENTION)


class Shelf(UuidPk, CreatedAt, Base):
    __tablename__ = "shelves"

    name: Mapped[str] = mapped_column(String(50))


class Book(UuidPk, Timestamps, Base):
    __tablename__ = "books"

    shelf_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(f"{SCHEMA}.shelves.id"))
    slug: Mapped[str] = mapped_column(String(60), unique=True)  # slugs of 20 at most
    title: Mapped[str] = mapped_column(String(200))
    isbn: Mapped[str | None] = mapped_column(String(20), unique=True)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)


class Favorite(FavoriteColumns, Base):
    book_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey(f"{SCHEMA}.books.id", ondelete="CASCADE"), primary_key=True
    )
