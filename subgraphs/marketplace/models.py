"""The marketplace subgraph's own database: categories, products, images, favorites, reviews.

A product's status and condition are `StrEnum`s whose values are the stored strings: the columns
stay VARCHARs with their CHECK constraints (no native PostgreSQL enum to migrate), and the code
compares members, never literals. Which status may follow which is a rule (rules/statuses.py).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from enum import StrEnum, unique

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Computed,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from subgraphs.kit.database import subgraph_metadata
from subgraphs.kit.models import (
    CategoryColumns,
    CreatedAt,
    FavoriteColumns,
    ImageColumns,
    SubgraphBase,
    Timestamps,
    UuidPk,
    created_at,
    stored_enum,
    updated_at,
    uuid_pk,
)
from subgraphs.kit.outbox import OutboxRow
from subgraphs.marketplace.rules.folding import SEARCH_VECTOR_SQL


@unique
class ProductStatus(StrEnum):
    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    SOLD = "SOLD"
    ARCHIVED = "ARCHIVED"


@unique
class ProductCondition(StrEnum):
    NEW = "NEW"
    USED = "USED"
    REFURBISHED = "REFURBISHED"


def _stored(values: type[StrEnum]) -> Enum:
    """A VARCHAR(20) holding the enum's values: no native enum type, and no constraint of
    SQLAlchemy's own (the table's CHECK, `_known`, names the values)."""
    return stored_enum(values, 20)


def _known(column: str, values: type[StrEnum]) -> CheckConstraint:
    listed = ", ".join(f"'{member.value}'" for member in values)
    return CheckConstraint(f"{column} IN ({listed})", name=f"{column}_known")


# The index of every public sort covers only what `products` lists.
_LISTED = text(f"status = '{ProductStatus.ACTIVE}'")


class Base(SubgraphBase, DeclarativeBase):
    metadata = subgraph_metadata()


class Outbox(OutboxRow, Base):
    """The subgraph's outbox (kit.outbox)."""


class ProductCategory(CategoryColumns, CreatedAt, Base):
    __tablename__ = "product_categories"

    __table_args__ = (
        # Sibling names are unique; roots are siblings too (NULLS NOT DISTINCT, PostgreSQL 15).
        Index(
            "uq_product_categories_parent_name",
            "parent_id",
            text("lower(name)"),
            unique=True,
            postgresql_nulls_not_distinct=True,
        ),
    )


class Product(Base):
    __tablename__ = "products"

    id: Mapped[uuid.UUID] = uuid_pk()
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(150))
    description: Mapped[str] = mapped_column(Text, default="")
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    old_price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    condition: Mapped[ProductCondition] = mapped_column(_stored(ProductCondition))
    status: Mapped[ProductStatus] = mapped_column(
        _stored(ProductStatus), default=ProductStatus.DRAFT
    )
    city: Mapped[str] = mapped_column(String(100))
    # The city folded for matching (filter is case-insensitive whatever the server's locale).
    city_key: Mapped[str] = mapped_column(String(100))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    category_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("product_categories.id", ondelete="SET NULL"), index=True
    )
    # Users live in another database: a plain id, no foreign key.
    seller_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    rating_average: Mapped[Decimal] = mapped_column(Numeric(3, 2), default=Decimal("0"))
    rating_count: Mapped[int] = mapped_column(Integer, default=0)
    views_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = created_at()
    updated_at: Mapped[dt.datetime] = updated_at()
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR, Computed(SEARCH_VECTOR_SQL, persisted=True), deferred=True
    )

    __table_args__ = (
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint("old_price IS NULL OR old_price > price", name="old_price_above_price"),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        _known("status", ProductStatus),
        _known("condition", ProductCondition),
        Index("ix_products_search_vector", "search_vector", postgresql_using="gin"),
        # One index per public sort of `products` (only ACTIVE products are listed).
        Index(
            "ix_products_active_newest",
            "created_at",
            "id",
            postgresql_where=_LISTED,
        ),
        Index("ix_products_active_price", "price", "id", postgresql_where=_LISTED),
        Index(
            "ix_products_active_rating",
            "rating_average",
            "rating_count",
            "id",
            postgresql_where=_LISTED,
        ),
        Index("ix_products_city_key", "city_key"),
        Index("ix_products_seller_created", "seller_id", "created_at", "id"),
    )


class ProductImage(UuidPk, ImageColumns, Base):
    __tablename__ = "product_images"

    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(SmallInteger)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("uq_product_images_product_position", "product_id", "position", unique=True),
        # At most one primary image per product, enforced by the database too.
        Index(
            "uq_product_images_one_primary",
            "product_id",
            unique=True,
            postgresql_where=text("is_primary"),
        ),
    )


class Favorite(FavoriteColumns, Base):
    product_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (
        Index("ix_favorites_user_created", "user_id", "created_at", "product_id"),
        Index("ix_favorites_product", "product_id"),
    )


class ProductReview(UuidPk, Timestamps, Base):
    __tablename__ = "product_reviews"

    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    rating: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text)
    pros: Mapped[str | None] = mapped_column(Text)
    cons: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        # One review per user and product.
        Index("uq_product_reviews_product_author", "product_id", "author_id", unique=True),
        Index("ix_product_reviews_product_created", "product_id", "created_at", "id"),
    )
