"""marketplace: outbox rows are confirmed once the notifications worker stored their event

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 18:00:00

`confirmed_at`: when the relay saw the event in the notifications ledger; `attempts`: how many
times the relay published the row. Rows sent before this revision count as confirmed (the
relay cannot tell any more whether they arrived; re-sending a week of them is not wanted).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "outbox", sa.Column("attempts", sa.SmallInteger(), server_default="0", nullable=False)
    )
    op.execute("UPDATE outbox SET confirmed_at = sent_at, attempts = 1 WHERE sent_at IS NOT NULL")
    # The reconciler's scan: sent, not yet confirmed, oldest first.
    op.create_index(
        "ix_outbox_unconfirmed",
        "outbox",
        ["sent_at"],
        postgresql_where=sa.text("sent_at IS NOT NULL AND confirmed_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_outbox_unconfirmed",
        table_name="outbox",
        postgresql_where=sa.text("sent_at IS NOT NULL AND confirmed_at IS NULL"),
    )
    op.drop_column("outbox", "attempts")
    op.drop_column("outbox", "confirmed_at")
