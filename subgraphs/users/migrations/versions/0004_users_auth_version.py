"""users: the account version access tokens carry, and the version they are good from

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 00:10:00

`auth_version` grows with every change of roles, activity or sessions; `tokens_valid_from` is
the version from which access tokens are still good (deactivation, logoutEverywhere and a
password change raise it). Existing tokens carry no version (0) and stay good until they expire.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "users", sa.Column("auth_version", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column(
        "users", sa.Column("tokens_valid_from", sa.Integer(), server_default="0", nullable=False)
    )


def downgrade() -> None:
    op.drop_column("users", "tokens_valid_from")
    op.drop_column("users", "auth_version")
