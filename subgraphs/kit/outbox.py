"""The transactional outbox: an event is a row written in the same transaction as its cause.

Each subgraph maps its own `outbox` table with `outbox_model(Base)`; the relay (notifications
issue) reads unsent rows in order and hands them to Celery.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import DateTime, Index, String, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column


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

    @staticmethod
    def indexes() -> tuple[Index, ...]:
        # The relay scans unsent rows in creation order.
        return (Index("ix_outbox_unsent", "created_at", postgresql_where=text("sent_at IS NULL")),)


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
    session.add(row)
    return row
