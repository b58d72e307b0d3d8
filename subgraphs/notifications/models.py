"""The notifications subgraph's own database.

- `notifications`: what a user sees in the app, one per event (unique `event_id`).
- `received_events`: the worker's ledger of every event it accepted (idempotency, hourly cap).
- `deliveries` / `delivery_failures`: email and push sends, their retries and failures.
- `notification_preferences`, `push_devices`, `contact_addresses`: per-user settings.

The closed sets a column stores (a category, an outcome, a channel, a status, a platform) are
StrEnums whose values are the stored strings. The columns stay plain VARCHARs with no CHECK
(`kit.models.stored_enum`, the original lengths): the database is the same as before the enums.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from subgraphs.kit.database import subgraph_metadata
from subgraphs.kit.models import (
    CreatedAt,
    SubgraphBase,
    UuidPk,
    created_at,
    stored_enum,
    updated_at,
    uuid_pk,
)
from subgraphs.kit.outbox import OutboxRow


class Category(StrEnum):
    """What an event is about; the user turns each category on or off (but ACCOUNT)."""

    ORDERS = "orders"
    REVIEWS = "reviews"
    MESSAGES = "messages"
    SOCIAL = "social"
    MARKETING = "marketing"
    # Account mail (welcome, email verification): no switch turns it off.
    ACCOUNT = "account"


class Outcome(StrEnum):
    """What the worker made of an event it accepted."""

    DELIVERED = "DELIVERED"
    MUTED = "MUTED"
    CAPPED = "CAPPED"
    UNKNOWN_KIND = "UNKNOWN_KIND"


class Platform(StrEnum):
    """A push device's kind: an FCM token (IOS, ANDROID) or a Web Push subscription (WEB)."""

    IOS = "IOS"
    ANDROID = "ANDROID"
    WEB = "WEB"


class Channel(StrEnum):
    """How a delivery reaches the user (the in-app notification is not a delivery)."""

    EMAIL = "EMAIL"
    PUSH = "PUSH"


class DeliveryStatus(StrEnum):
    """PENDING until sent; FAILED once its retries ran out."""

    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"


class Base(SubgraphBase, DeclarativeBase):
    metadata = subgraph_metadata()


class Outbox(OutboxRow, Base):
    """The subgraph's outbox (kit.outbox)."""


def _flag(default: bool) -> Mapped[bool]:
    return mapped_column(Boolean, default=default, server_default=text(str(default).lower()))


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[uuid.UUID] = uuid_pk()
    # The outbox event this came from: a redelivered event hits this constraint, not a new row.
    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)
    recipient_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(64))
    category: Mapped[Category] = mapped_column(stored_enum(Category, 20))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(String(1000))
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    actor_id: Mapped[str | None] = mapped_column(String(64))
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_at()
    # Set once the live message went out on Redis (a crashed worker republishes on redelivery).
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_notifications_recipient_created", "recipient_id", "created_at", "id"),
        Index(
            "ix_notifications_unread",
            "recipient_id",
            "created_at",
            "id",
            postgresql_where=text("read_at IS NULL"),
        ),
        Index("ix_notifications_read_at", "read_at", postgresql_where=text("read_at IS NOT NULL")),
    )


class ReceivedEvent(Base):
    """Every event the worker accepted once, whatever came of it (stored, muted, capped)."""

    __tablename__ = "received_events"

    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    recipient_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[Outcome] = mapped_column(stored_enum(Outcome, 16))
    # Counted against the hourly cap (the always-sent verification email is not).
    counts_to_cap: Mapped[bool] = mapped_column(Boolean, default=True)
    received_at: Mapped[dt.datetime] = created_at()

    __table_args__ = (
        Index("ix_received_events_recipient_received", "recipient_id", "received_at"),
    )


class NotificationPreferences(Base):
    __tablename__ = "notification_preferences"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    in_app: Mapped[bool] = _flag(True)
    email: Mapped[bool] = _flag(True)
    push: Mapped[bool] = _flag(True)
    orders: Mapped[bool] = _flag(True)
    reviews: Mapped[bool] = _flag(True)
    messages: Mapped[bool] = _flag(True)
    social: Mapped[bool] = _flag(True)
    marketing: Mapped[bool] = _flag(False)
    updated_at: Mapped[dt.datetime] = updated_at()


class PushDevice(UuidPk, CreatedAt, Base):
    __tablename__ = "push_devices"

    user_id: Mapped[str] = mapped_column(String(64), index=True)
    # FCM registration token, or a Web Push subscription as JSON; one owner per device.
    token: Mapped[str] = mapped_column(String(4096), unique=True)
    platform: Mapped[Platform] = mapped_column(stored_enum(Platform, 10))


class ContactAddress(Base):
    """Email addresses learned from events (the users subgraph owns them; we keep a copy)."""

    __tablename__ = "contact_addresses"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[dt.datetime] = updated_at()


class Delivery(Base):
    """One email or push send of one event: retried until SENT or FAILED."""

    __tablename__ = "deliveries"

    id: Mapped[uuid.UUID] = uuid_pk()
    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    channel: Mapped[Channel] = mapped_column(stored_enum(Channel, 10))
    recipient_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(64))
    # What the sender needs: title, body, event data, actor id.
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    status: Mapped[DeliveryStatus] = mapped_column(
        stored_enum(DeliveryStatus, 10), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = created_at()
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("event_id", "channel", name="uq_deliveries_event_id_channel"),
        Index("ix_deliveries_status", "status", postgresql_where=text("status = 'FAILED'")),
    )


class DeliveryFailure(Base):
    __tablename__ = "delivery_failures"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    delivery_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("deliveries.id", ondelete="CASCADE"), index=True
    )
    attempt: Mapped[int] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[dt.datetime] = created_at()
