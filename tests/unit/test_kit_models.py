"""kit.models declares the shared columns with the DDL the subgraphs' migrations already have.

Three of today's tables, declared again with the kit's base and mixins, compile to the same
CREATE TABLE and CREATE INDEX statements as the subgraphs' own models, and keep their
client-visible column behaviour (application-made ids, which `updated_at` moves on UPDATE).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.schema import CreateIndex, CreateTable

from subgraphs.content import models as content
from subgraphs.freelance import models as freelance
from subgraphs.kit.database import subgraph_metadata
from subgraphs.kit.models import (
    CreatedAt,
    SubgraphBase,
    Timestamps,
    TouchedTimestamps,
    UuidPk,
    created_at,
    updated_at,
    uuid_pk,
)
from subgraphs.marketplace import models as marketplace


class Base(SubgraphBase, DeclarativeBase):
    metadata = subgraph_metadata()


# Stand-ins for the tables the samples' foreign keys point at.
for referred in ("orders", "gigs", "products"):
    Table(referred, Base.metadata, Column("id", UUID(as_uuid=True), primary_key=True))


class Channel(UuidPk, Timestamps, Base):
    __tablename__ = "channels"

    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    members_count: Mapped[int] = mapped_column(Integer, server_default=text("0"), default=0)
    posts_count: Mapped[int] = mapped_column(Integer, server_default=text("0"), default=0)

    __table_args__ = (
        Index("uq_channels_name_lower", func.lower(name), unique=True),
        Index(
            "ix_channels_name_trgm",
            name,
            postgresql_using="gin",
            postgresql_ops={"name": "gin_trgm_ops"},
        ),
        Index(
            "ix_channels_slug_trgm",
            slug,
            postgresql_using="gin",
            postgresql_ops={"slug": "gin_trgm_ops"},
        ),
        Index("ix_channels_created_at_id", "created_at", "id"),
        CheckConstraint("members_count >= 0", name="members_count_not_negative"),
        CheckConstraint("posts_count >= 0", name="posts_count_not_negative"),
    )


class Review(UuidPk, TouchedTimestamps, Base):
    __tablename__ = "reviews"

    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), unique=True
    )
    gig_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gigs.id", ondelete="CASCADE"))
    buyer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    seller_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    rating: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(String(2000))
    communication: Mapped[int | None] = mapped_column(SmallInteger)
    quality: Mapped[int | None] = mapped_column(SmallInteger)
    delivery: Mapped[int | None] = mapped_column(SmallInteger)
    reply: Mapped[str | None] = mapped_column(String(1000))
    replied_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_reviews_gig_id_created_at_id", "gig_id", "created_at", "id"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
        CheckConstraint("communication BETWEEN 1 AND 5", name="communication"),
        CheckConstraint("quality BETWEEN 1 AND 5", name="quality"),
        CheckConstraint("delivery BETWEEN 1 AND 5", name="delivery"),
    )


class ProductReview(Base):
    """Declared with the column factories, in place (no mixins)."""

    __tablename__ = "product_reviews"

    id: Mapped[uuid.UUID] = uuid_pk()
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    rating: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text)
    pros: Mapped[str | None] = mapped_column(Text)
    cons: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = created_at()
    updated_at: Mapped[dt.datetime] = updated_at()

    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        Index("uq_product_reviews_product_author", "product_id", "author_id", unique=True),
        Index("ix_product_reviews_product_created", "product_id", "created_at", "id"),
    )


class Favorite(CreatedAt, Base):
    """A composite key and a created_at only (marketplace favorites)."""

    __tablename__ = "favorites"

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (
        Index("ix_favorites_user_created", "user_id", "created_at", "product_id"),
        Index("ix_favorites_product", "product_id"),
    )


def _ddl(table: Table) -> list[str]:
    dialect = postgresql.dialect()
    statements = [str(CreateTable(table).compile(dialect=dialect))]
    for index in sorted(table.indexes, key=lambda index: str(index.name)):
        statements.append(str(CreateIndex(index).compile(dialect=dialect)))
    return statements


def _behaviour(table: Table) -> dict[str, tuple[bool, bool]]:
    """Per column: whether the application makes a value on INSERT, and on UPDATE."""
    return {
        column.name: (column.default is not None, column.onupdate is not None)
        for column in table.columns
    }


SAMPLES = [
    (Channel, content.Channel),
    (Review, freelance.Review),
    (ProductReview, marketplace.ProductReview),
    (Favorite, marketplace.Favorite),
]


def test_the_kit_columns_compile_to_todays_ddl() -> None:
    for kit_model, todays in SAMPLES:
        kit_table, todays_table = kit_model.__table__, todays.__table__
        assert isinstance(kit_table, Table) and isinstance(todays_table, Table)
        assert _ddl(kit_table) == _ddl(todays_table), todays.__name__
        assert _behaviour(kit_table) == _behaviour(todays_table), todays.__name__


def test_the_mixins_put_the_id_first_and_the_timestamps_last() -> None:
    columns = [column.name for column in Channel.__table__.columns]
    assert columns[0] == "id" and columns[-2:] == ["created_at", "updated_at"]


def test_rows_read_server_values_back_in_the_same_statement() -> None:
    assert Channel.__mapper__.eager_defaults is True
    assert Favorite.__mapper__.eager_defaults is True
