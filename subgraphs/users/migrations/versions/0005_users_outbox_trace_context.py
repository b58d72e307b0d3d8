"""users: outbox rows keep the trace context and request id of the request that caused them

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 06:30:00

`trace_context`: W3C `traceparent`/`tracestate` and `x-request-id` of the request, read by
the relay and handed to the worker, so one trace follows an event from the request that made it
to its delivery. NULL for rows written before this revision (and when there was no request).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "outbox", sa.Column("trace_context", postgresql.JSONB(astext_type=sa.Text()), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("outbox", "trace_context")
