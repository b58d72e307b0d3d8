"""The content subgraph's own database: channels, members, posts, threaded comments, likes.

Counters (`members_count`, `posts_count`, `likes_count`, `comments_count`, `views_count`) are
columns changed only by atomic `UPDATE ... SET n = n + 1` in the transaction of their cause.
Users live in another database: `owner_id` / `author_id` / `user_id` are plain UUIDs.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum, unique

from sqlalchemy import (
    CheckConstraint,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from subgraphs.kit.database import subgraph_metadata
from subgraphs.kit.models import (
    CreatedAt,
    SubgraphBase,
    Timestamps,
    UuidPk,
    created_at,
    stored_enum,
    updated_at,
    uuid_pk,
)
from subgraphs.kit.outbox import OutboxRow

# `simple` keeps every word of any language (Cyrillic and Latin) without stemming.
SEARCH_DOCUMENT = (
    "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body), 'B')"
)


@unique
class ChannelRole(StrEnum):
    """A member's role in a channel, as stored (OWNER > ADMIN > MODERATOR > MEMBER)."""

    OWNER = "OWNER"
    ADMIN = "ADMIN"
    MODERATOR = "MODERATOR"
    MEMBER = "MEMBER"


@unique
class EventKind(StrEnum):
    """The kinds of the events content writes to its outbox (the notifications' kinds)."""

    MEMBER_JOINED = "MEMBER_JOINED"
    MEMBER_ROLE_CHANGED = "MEMBER_ROLE_CHANGED"
    COMMENT_REPLY = "COMMENT_REPLY"
    COMMENT_ON_POST = "COMMENT_ON_POST"


class Base(SubgraphBase, DeclarativeBase):
    metadata = subgraph_metadata()


class Outbox(OutboxRow, Base):
    """The subgraph's outbox (kit.outbox)."""


def _counter() -> Mapped[int]:
    return mapped_column(Integer, server_default=text("0"), default=0)


class Channel(UuidPk, Timestamps, Base):
    __tablename__ = "channels"

    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    members_count: Mapped[int] = _counter()
    posts_count: Mapped[int] = _counter()

    __table_args__ = (
        Index("uq_channels_name_lower", func.lower(name), unique=True),
        # channels(query): ILIKE on the name or the slug, served by trigram indexes.
        Index(
            "ix_channels_name_trgm",
            name,
            postgresql_using="gin",
            postgresql_ops={"name": "gin_trgm_ops"},
        ),
        Index(
            "ix_channels_slug_trgm",
            slug,
            postgresql_using="gin",
            postgresql_ops={"slug": "gin_trgm_ops"},
        ),
        Index("ix_channels_created_at_id", "created_at", "id"),
        CheckConstraint("members_count >= 0", name="members_count_not_negative"),
        CheckConstraint("posts_count >= 0", name="posts_count_not_negative"),
    )


class ChannelMember(Base):
    __tablename__ = "channel_members"

    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("channels.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    # Stored as the migrations made it: the value in a VARCHAR(16), no native enum type, the CHECK
    # below; read back as a `ChannelRole`.
    role: Mapped[ChannelRole] = mapped_column(stored_enum(ChannelRole, 16))
    joined_at: Mapped[dt.datetime] = created_at()

    __table_args__ = (
        # role IN ('OWNER', 'ADMIN', 'MODERATOR', 'MEMBER'), as in migration 0001.
        CheckConstraint(
            f"role IN ({', '.join(repr(role.value) for role in ChannelRole)})", name="known_role"
        ),
        # Exactly one owner per channel: a second OWNER row cannot exist even under races.
        Index(
            "uq_channel_members_one_owner",
            "channel_id",
            unique=True,
            postgresql_where=text(f"role = '{ChannelRole.OWNER.value}'"),
        ),
        # User.channels and feed (channels I belong to).
        Index("ix_channel_members_user_joined", "user_id", "joined_at", "channel_id"),
        Index("ix_channel_members_channel_joined", "channel_id", "joined_at", "user_id"),
    )


class Post(Base):
    __tablename__ = "posts"

    id: Mapped[uuid.UUID] = uuid_pk()
    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    image_url: Mapped[str | None] = mapped_column(String(500))
    likes_count: Mapped[int] = _counter()
    comments_count: Mapped[int] = _counter()
    views_count: Mapped[int] = _counter()
    created_at: Mapped[dt.datetime] = created_at()
    updated_at: Mapped[dt.datetime] = updated_at()
    search: Mapped[str] = mapped_column(
        TSVECTOR, Computed(SEARCH_DOCUMENT, persisted=True), deferred=True
    )

    __table_args__ = (
        Index("uq_posts_channel_title_lower", "channel_id", func.lower(title), unique=True),
        Index("ix_posts_channel_created_id", "channel_id", "created_at", "id"),
        Index("ix_posts_author_created_id", "author_id", "created_at", "id"),
        Index("ix_posts_search", "search", postgresql_using="gin"),
        CheckConstraint("likes_count >= 0", name="likes_count_not_negative"),
        CheckConstraint("comments_count >= 0", name="comments_count_not_negative"),
        CheckConstraint("views_count >= 0", name="views_count_not_negative"),
    )


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[uuid.UUID] = uuid_pk()
    post_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE")
    )
    author_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    body: Mapped[str] = mapped_column(Text)
    likes_count: Mapped[int] = _counter()
    created_at: Mapped[dt.datetime] = created_at()
    updated_at: Mapped[dt.datetime] = updated_at()
    # Set when a comment with replies is deleted: it keeps its place as `[deleted]`.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        # Post.comments: the top level of a post's thread, oldest first.
        Index(
            "ix_comments_post_top_level",
            "post_id",
            "created_at",
            "id",
            postgresql_where=text("parent_id IS NULL"),
        ),
        Index("ix_comments_parent_created_id", "parent_id", "created_at", "id"),
        CheckConstraint("likes_count >= 0", name="likes_count_not_negative"),
    )


class PostLike(CreatedAt, Base):
    __tablename__ = "post_likes"

    post_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)


class CommentLike(CreatedAt, Base):
    __tablename__ = "comment_likes"

    comment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
