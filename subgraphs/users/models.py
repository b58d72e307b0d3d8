"""The users subgraph's own database: accounts, refresh-token families, verification tokens.

An account's roles are `Role` members, stored as their values in a VARCHAR(20)[] with no
CHECK (`kit.models.stored_enum`): the database is the same as before the enum.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from subgraphs.kit.database import subgraph_metadata
from subgraphs.kit.models import SubgraphBase, created_at, stored_enum, uuid_pk
from subgraphs.kit.outbox import OutboxRow


class Base(SubgraphBase, DeclarativeBase):
    metadata = subgraph_metadata()


class Outbox(OutboxRow, Base):
    """The subgraph's outbox (kit.outbox)."""


class Role(StrEnum):
    """What an account may do beyond buying: FREELANCER and SELLER are self-service, MODERATOR
    and ADMIN an admin's decision."""

    FREELANCER = "FREELANCER"
    SELLER = "SELLER"
    MODERATOR = "MODERATOR"
    ADMIN = "ADMIN"


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = uuid_pk()
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    roles: Mapped[list[Role]] = mapped_column(ARRAY(stored_enum(Role, 20)), default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    date_joined: Mapped[dt.datetime] = created_at()
    bio: Mapped[str | None] = mapped_column(String(1000))
    avatar_url: Mapped[str | None] = mapped_column(String(500))
    timezone: Mapped[str | None] = mapped_column(String(64))
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    # Grows with every change of roles, activity or sessions; access tokens carry it (`ver`).
    auth_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Access tokens issued at a lower version are revoked (see common.account_state).
    tokens_valid_from: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        Index("ix_users_roles", "roles", postgresql_using="gin"),
        Index("ix_users_date_joined_id", "date_joined", "id"),
    )

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.email.split("@", 1)[0]


class RefreshToken(Base):
    """One link of a rotation chain; the chain is a `family` (one sign-in)."""

    __tablename__ = "refresh_tokens"

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    family_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = created_at()
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class EmailVerification(Base):
    __tablename__ = "email_verifications"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = created_at()
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
