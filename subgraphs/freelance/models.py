"""The freelance subgraph's own database: the gig catalogue, orders and what hangs off them.

Users live in the users subgraph's database, so user ids here are plain UUID columns with no
foreign key. Money is `Numeric(12, 2)`. `gigs.search_vector` is a generated column (see the
migration): the ORM only reads it.

Statuses are StrEnums stored by value in the same VARCHAR columns as before (no native enum,
no extra CHECK constraint: the migration's own CHECK constraints stay the only ones). The
GraphQL layer exposes these very enums.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    and_,
    case,
    literal,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR, UUID
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from subgraphs.kit.clock import utcnow
from subgraphs.kit.database import subgraph_metadata
from subgraphs.kit.models import (
    CategoryColumns,
    CreatedAt,
    FavoriteColumns,
    ImageColumns,
    SubgraphBase,
    TouchedTimestamps,
    UuidPk,
    created_at,
    stored_enum,
    updated_at,
)
from subgraphs.kit.outbox import OutboxRow

# Weighted so a title match ranks above a tag match above a description match; `simple` keeps
# Cyrillic and Latin words as they are (lower-cased), with no language-specific stemming.
SEARCH_VECTOR_SQL = (
    "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple', freelance_tags_text(tags)), 'B') || "
    "setweight(to_tsvector('simple', coalesce(description, '')), 'C')"
)


S = TypeVar("S", bound=StrEnum)


class GigStatus(StrEnum):
    DRAFT = "DRAFT"
    PENDING_APPROVAL = "PENDING_APPROVAL"
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    ARCHIVED = "ARCHIVED"


class OrderStatus(StrEnum):
    PENDING = "PENDING"
    IN_PROGRESS = "IN_PROGRESS"
    DELIVERED = "DELIVERED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"
    DISPUTED = "DISPUTED"


class DisputeStatus(StrEnum):
    OPEN = "OPEN"
    RESOLVED = "RESOLVED"


class ProposalStatus(StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    # Stored once a newer offer replaces an expired one; read for any PENDING past its expiry.
    EXPIRED = "EXPIRED"


def _status(statuses: type[S], length: int, default: S) -> Mapped[S]:
    """A status column: VARCHAR(length) holding the member's value."""
    return mapped_column(stored_enum(statuses, length), default=default)


class Base(SubgraphBase, DeclarativeBase):
    metadata = subgraph_metadata()


class Outbox(OutboxRow, Base):
    """The subgraph's outbox (kit.outbox)."""


def _money() -> Mapped[Decimal]:
    return mapped_column(Numeric(12, 2))


def _price_and_delivery_checks() -> tuple[CheckConstraint, ...]:
    """The limits of a package's and of a proposal's terms (new objects for each table)."""
    return (
        CheckConstraint("price > 0 AND price <= 1000000", name="price"),
        CheckConstraint("delivery_days BETWEEN 1 AND 365", name="delivery_days"),
    )


class GigCategory(CategoryColumns, CreatedAt, Base):
    __tablename__ = "gig_categories"


class Gig(UuidPk, TouchedTimestamps, Base):
    __tablename__ = "gigs"

    seller_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    category_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("gig_categories.id", ondelete="SET NULL"), index=True
    )
    slug: Mapped[str] = mapped_column(String(240), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[GigStatus] = _status(GigStatus, 20, GigStatus.DRAFT)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(50)), default=list)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    # Denormalised for filters and sorts; kept right in the same transaction as their cause.
    min_price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    min_delivery_days: Mapped[int | None] = mapped_column(Integer)
    rating_average: Mapped[Decimal] = mapped_column(Numeric(3, 2), default=Decimal("0"))
    rating_count: Mapped[int] = mapped_column(Integer, default=0)
    orders_count: Mapped[int] = mapped_column(Integer, default=0)
    views_count: Mapped[int] = mapped_column(Integer, default=0)
    search_vector: Mapped[str | None] = mapped_column(
        TSVECTOR, Computed(SEARCH_VECTOR_SQL, persisted=True)
    )

    __table_args__ = (
        Index("ix_gigs_search_vector", "search_vector", postgresql_using="gin"),
        Index("ix_gigs_tags", "tags", postgresql_using="gin"),
        Index("ix_gigs_status_created_at_id", "status", "created_at", "id"),
        Index("ix_gigs_status_min_price_id", "status", "min_price", "id"),
        Index("ix_gigs_status_rating_id", "status", "rating_average", "rating_count", "id"),
        Index("ix_gigs_status_orders_views_id", "status", "orders_count", "views_count", "id"),
        Index("ix_gigs_seller_id_created_at_id", "seller_id", "created_at", "id"),
        CheckConstraint(
            "status IN ('DRAFT', 'PENDING_APPROVAL', 'ACTIVE', 'PAUSED', 'ARCHIVED')",
            name="status",
        ),
    )


class GigPackage(UuidPk, Base):
    __tablename__ = "gig_packages"

    gig_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gigs.id", ondelete="CASCADE"))
    tier: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(1000), default="")
    price: Mapped[Decimal] = _money()
    delivery_days: Mapped[int] = mapped_column(Integer)
    revisions: Mapped[int] = mapped_column(Integer, default=0)
    features: Mapped[list[str]] = mapped_column(ARRAY(String(200)), default=list)

    __table_args__ = (
        UniqueConstraint("gig_id", "tier", name="uq_gig_packages_gig_id_tier"),
        *_price_and_delivery_checks(),
        CheckConstraint("revisions >= 0", name="revisions"),
    )


class GigImage(UuidPk, ImageColumns, Base):
    __tablename__ = "gig_images"

    gig_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gigs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    is_primary: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (Index("ix_gig_images_gig_id_position", "gig_id", "position"),)


class GigViewDay(Base):
    """Views per gig and day, so analytics can count views inside a period."""

    __tablename__ = "gig_view_days"

    gig_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gigs.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    views: Mapped[int] = mapped_column(Integer, default=0)


class Order(UuidPk, Base):
    __tablename__ = "orders"

    gig_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gigs.id", ondelete="RESTRICT"))
    buyer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    seller_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    status: Mapped[OrderStatus] = _status(OrderStatus, 20, OrderStatus.PENDING)
    # The package as it was when ordered: later edits of the gig do not change an order.
    package_tier: Mapped[str | None] = mapped_column(String(10))
    package_name: Mapped[str] = mapped_column(String(200))
    package_price: Mapped[Decimal] = _money()
    package_delivery_days: Mapped[int] = mapped_column(Integer)
    package_revisions: Mapped[int] = mapped_column(Integer)
    requirements: Mapped[str] = mapped_column(Text, default="")
    revisions_left: Mapped[int] = mapped_column(Integer)
    proposal_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    deadline: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    created_at: Mapped[dt.datetime] = created_at()
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    disputed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = updated_at(on_update=True)

    __table_args__ = (
        Index("ix_orders_buyer_id_created_at_id", "buyer_id", "created_at", "id"),
        Index("ix_orders_seller_id_created_at_id", "seller_id", "created_at", "id"),
        Index("ix_orders_seller_id_status", "seller_id", "status"),
        Index("ix_orders_gig_id_status", "gig_id", "status"),
        CheckConstraint(
            "status IN ('PENDING', 'IN_PROGRESS', 'DELIVERED', 'COMPLETED', 'CANCELLED',"
            " 'DISPUTED')",
            name="status",
        ),
        CheckConstraint("package_price > 0", name="package_price"),
        CheckConstraint("revisions_left >= 0", name="revisions_left"),
    )


class OrderDelivery(UuidPk, CreatedAt, Base):
    __tablename__ = "order_deliveries"

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text)
    file_urls: Mapped[list[str]] = mapped_column(ARRAY(String(500)), default=list)

    __table_args__ = (Index("ix_order_deliveries_order_id_created_at", "order_id", "created_at"),)


class Dispute(UuidPk, Base):
    __tablename__ = "disputes"

    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), unique=True
    )
    opened_by: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[DisputeStatus] = _status(DisputeStatus, 10, DisputeStatus.OPEN)
    winner: Mapped[str | None] = mapped_column(String(10))
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    created_at: Mapped[dt.datetime] = created_at()
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_disputes_status_created_at_id", "status", "created_at", "id"),)


class DisputeMessage(UuidPk, CreatedAt, Base):
    __tablename__ = "dispute_messages"

    dispute_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disputes.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    body: Mapped[str] = mapped_column(String(1000))

    __table_args__ = (
        Index("ix_dispute_messages_dispute_id_created_at", "dispute_id", "created_at"),
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
        *(
            CheckConstraint(f"{name} BETWEEN 1 AND 5", name=name)
            for name in ("rating", "communication", "quality", "delivery")
        ),
    )


class Proposal(UuidPk, Base):
    __tablename__ = "proposals"

    gig_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gigs.id", ondelete="CASCADE"))
    seller_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    buyer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(2000))
    price: Mapped[Decimal] = _money()
    delivery_days: Mapped[int] = mapped_column(Integer)
    revisions: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(String(2000))
    status: Mapped[ProposalStatus] = _status(ProposalStatus, 10, ProposalStatus.PENDING)
    order_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_at()
    responded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_proposals_seller_id_created_at_id", "seller_id", "created_at", "id"),
        Index("ix_proposals_buyer_id_created_at_id", "buyer_id", "created_at", "id"),
        # One pending offer per (gig, buyer); expired ones are marked EXPIRED before a new one.
        Index(
            "uq_proposals_pending_gig_buyer",
            "gig_id",
            "buyer_id",
            unique=True,
            postgresql_where=text("status = 'PENDING'"),
        ),
        *_price_and_delivery_checks(),
    )

    @hybrid_property
    def read_status(self) -> ProposalStatus:
        """The status as it reads now: PENDING past its expiry is EXPIRED (rows are marked
        lazily). In SQL too: `Proposal.read_status == status` filters by it."""
        if self.status == ProposalStatus.PENDING and self.expires_at <= utcnow():
            return ProposalStatus.EXPIRED
        return self.status

    @read_status.inplace.expression
    @classmethod
    def _read_status_in_sql(cls) -> ColumnElement[ProposalStatus]:
        expired = and_(cls.status == ProposalStatus.PENDING, cls.expires_at <= utcnow())
        return case((expired, literal(ProposalStatus.EXPIRED.value)), else_=cls.status)


class PortfolioItem(UuidPk, TouchedTimestamps, Base):
    __tablename__ = "portfolio_items"

    owner_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(2000))
    project_url: Mapped[str | None] = mapped_column(String(500))
    technologies: Mapped[list[str]] = mapped_column(ARRAY(String(50)), default=list)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    category_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("gig_categories.id", ondelete="SET NULL")
    )

    __table_args__ = (
        Index("ix_portfolio_items_owner_id_created_at_id", "owner_id", "created_at", "id"),
    )


class PortfolioImage(UuidPk, ImageColumns, Base):
    __tablename__ = "portfolio_images"

    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("portfolio_items.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_portfolio_images_item_id_position", "item_id", "position"),)


class Favorite(FavoriteColumns, Base):
    gig_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gigs.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (
        Index("ix_favorites_user_id_created_at_gig_id", "user_id", "created_at", "gig_id"),
        Index("ix_favorites_gig_id", "gig_id"),
    )
