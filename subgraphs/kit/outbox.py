"""The transactional outbox: an event is a row written in the same transaction as its cause.

Each subgraph maps its own `outbox` table with `outbox_model(Base)`; the relay (agora.relay)
reads unsent rows in order and hands them to Celery, and re-sends the ones whose event the
notifications worker has not stored after a while (agora.relay_reconcile).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import DateTime, Index, SmallInteger, String, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from telemetry import tracing
from telemetry.logs import REQUEST_ID_HEADER, request_id_var


class OutboxRow:
    """Columns of every subgraph's outbox table, mixed into its mapped class:

    class Outbox(OutboxRow, Base):
        __tablename__ = "outbox"
        __table_args__ = OutboxRow.indexes()
    """

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
    # relay publishes it again now and then (agora.relay_reconcile). `attempts`: publications.
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    # Where the event was caused: W3C `traceparent`/`tracestate` and `x-request-id`, so the
    # relay and the worker continue that request's trace and log its request id.
    trace_context: Mapped[dict[str, str] | None] = mapped_column(JSONB)

    @staticmethod
    def indexes() -> tuple[Index, ...]:
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


def cause_of_event() -> dict[str, str] | None:
    """The current request's trace context and request id, as the outbox row keeps them."""
    context = tracing.carrier()
    request_id = request_id_var.get()
    if request_id:
        context[REQUEST_ID_HEADER] = request_id
    return context or None


def record_event(
    session: AsyncSession,
    outbox: type[OutboxRow],
    *,
    kind: str,
    recipient_id: str,
    actor_id: str | None = None,
    data: dict[str, Any] | None = None,
) -> OutboxRow:
    row = outbox()
    row.id, row.kind, row.recipient_id = uuid.uuid4(), kind, recipient_id
    row.actor_id, row.data = actor_id, data or {}
    row.trace_context = cause_of_event()
    session.add(row)
    return row
