"""The transactional outbox: an event is a row written in the same transaction as its cause.

Defined once, here: the row (`OutboxRow`, mapped by each subgraph in its own database; the
relay reads any of them through `OUTBOX`, the same table) and the event as the relay hands it to
the worker (`OutboxEvent`, with its JSON message both ways). The relay (pipeline.relay) reads
unsent rows in order and hands them to Celery, and re-sends the ones whose event the
notifications worker has not stored after a while (pipeline.relay_reconcile).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import DateTime, Index, MetaData, SmallInteger, String, Table, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from telemetry import tracing
from telemetry.logs import REQUEST_ID_HEADER, request_id_var


class OutboxRow:
    """The `outbox` table of every subgraph, columns and indexes, mixed into its mapped class:

    class Outbox(OutboxRow, Base):
        ...
    """

    __tablename__ = "outbox"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(64))
    recipient_id: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Set by the relay once the notifications worker has stored the event; until then the
    # relay publishes it again now and then (pipeline.relay_reconcile). `attempts`: publications.
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    # Where the event was caused: W3C `traceparent`/`tracestate` and `x-request-id`, so the
    # relay and the worker continue that request's trace and log its request id.
    trace_context: Mapped[dict[str, str] | None] = mapped_column(JSONB)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Index, ...]:
        # A method, not a tuple: an Index belongs to one Table, and each database maps its own.
        return (
            # The relay scans unsent rows in creation order,
            Index("ix_outbox_unsent", "created_at", postgresql_where=text("sent_at IS NULL")),
            # and sent, unconfirmed ones oldest first.
            Index(
                "ix_outbox_unconfirmed",
                "sent_at",
                postgresql_where=text("sent_at IS NOT NULL AND confirmed_at IS NULL"),
            ),
        )


class _AnyDatabase(DeclarativeBase):
    metadata = MetaData()


class _Outbox(OutboxRow, _AnyDatabase):
    """The outbox of no database in particular."""


# The Celery task the relay sends each event to, with `OutboxEvent.to_message()` as argument.
DELIVER_TASK = "agora.deliver_event"

# The outbox table of any subgraph database, for code that reads them all (the relay).
OUTBOX: Table = _Outbox.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class OutboxEvent:
    """An outbox row as the relay hands it to the worker: `to_message()` is the task's JSON
    argument, `from_message()` reads it back."""

    id: uuid.UUID
    kind: str
    recipient_id: str
    actor_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # the subgraph (database) whose outbox it came from
    # When the cause happened (the row's created_at): the notification's createdAt, so a
    # user's list keeps the events' order whatever order the workers handled them in.
    occurred_at: dt.datetime | None = None
    # The causing request's trace context and request id (`cause_of_event`).
    trace_context: dict[str, str] | None = None

    @classmethod
    def from_row(cls, row: Any, source: str) -> OutboxEvent:
        return cls(
            id=row.id,
            kind=row.kind,
            recipient_id=row.recipient_id,
            actor_id=row.actor_id,
            data=row.data or {},
            source=source,
            occurred_at=row.created_at,
            trace_context=row.trace_context,
        )

    def to_message(self, context: dict[str, str] | None = None) -> dict[str, Any]:
        """`context`: the trace context to continue from (the relay's span), else the row's."""
        return {
            "id": str(self.id),
            "kind": self.kind,
            "recipientId": self.recipient_id,
            "actorId": self.actor_id,
            "data": self.data,
            "createdAt": self.occurred_at.isoformat() if self.occurred_at else None,
            "source": self.source,
            "context": context or self.trace_context or {},
        }

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> OutboxEvent:
        created = message.get("createdAt")
        context = message.get("context")
        return cls(
            id=uuid.UUID(str(message["id"])),
            kind=str(message["kind"]),
            recipient_id=str(message["recipientId"]),
            actor_id=message.get("actorId"),
            data=dict(message.get("data") or {}),
            source=message.get("source"),
            occurred_at=dt.datetime.fromisoformat(created) if created else None,
            trace_context=(
                {str(k): str(v) for k, v in context.items()} if isinstance(context, dict) else None
            ),
        )


def cause_of_event() -> dict[str, str] | None:
    """The current request's trace context and request id, as the outbox row keeps them."""
    context = tracing.carrier()
    request_id = request_id_var.get()
    if request_id:
        context[REQUEST_ID_HEADER] = request_id
    return context or None


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, uuid.UUID) else value


def record_event(
    session: AsyncSession,
    outbox: type[OutboxRow],
    *,
    kind: str,
    recipient_id: uuid.UUID | str,
    actor_id: uuid.UUID | str | None = None,
    data: dict[str, Any] | None = None,
) -> OutboxRow:
    """One event in the caller's transaction; ids (and UUID values in `data`) are stored as
    text, as the message carries them."""
    row = outbox()
    row.id, row.kind, row.recipient_id = uuid.uuid4(), kind, str(recipient_id)
    row.actor_id = None if actor_id is None else str(actor_id)
    row.data = {key: _plain(value) for key, value in (data or {}).items()}
    row.trace_context = cause_of_event()
    session.add(row)
    return row
