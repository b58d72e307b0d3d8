"""Row look-ups with the locks the services need, and atomic counter updates.

Lock levels (PostgreSQL row locks):
- `KEY SHARE` on a parent before inserting a child: the parent cannot be deleted meanwhile, yet
  counter updates on it (`NO KEY UPDATE`) do not wait for us.
- `NO KEY UPDATE` on a channel serialises membership changes of that channel.
- `UPDATE` on a row we are about to delete or edit.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any, Literal, TypeVar

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.content.models import Channel, ChannelMember, ChannelRole, Comment, Post
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError

Lock = Literal["none", "key_share", "no_key_update", "update"]
RowT = TypeVar("RowT", Channel, Post, Comment)


async def _get(
    session: AsyncSession, model: type[RowT], row_id: uuid.UUID, lock: Lock
) -> RowT | None:
    statement = select(model).where(model.id == row_id)
    if lock == "key_share":
        statement = statement.with_for_update(read=True, key_share=True)
    elif lock == "no_key_update":
        statement = statement.with_for_update(key_share=True)
    elif lock == "update":
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar()


def _found(row: RowT | None, what: str, field: str) -> RowT:
    if row is None:
        raise DomainError(Code.NOT_FOUND, f"No such {what}.", field)
    return row


async def get_channel(
    session: AsyncSession, channel_id: uuid.UUID, lock: Lock = "none", field: str = "id"
) -> Channel:
    return _found(await _get(session, Channel, channel_id, lock), "channel", field)


async def get_post(
    session: AsyncSession, post_id: uuid.UUID, lock: Lock = "none", field: str = "id"
) -> Post:
    return _found(await _get(session, Post, post_id, lock), "post", field)


async def get_comment(
    session: AsyncSession, comment_id: uuid.UUID, lock: Lock = "none", field: str = "id"
) -> Comment:
    """A `[deleted]` placeholder is not found: there is nothing left to act on."""
    comment = await _get(session, Comment, comment_id, lock)
    if comment is not None and comment.deleted_at is not None:
        comment = None
    return _found(comment, "comment", field)


async def get_member(
    session: AsyncSession, channel_id: uuid.UUID, user_id: uuid.UUID, *, lock: bool = False
) -> ChannelMember | None:
    statement = select(ChannelMember).where(
        ChannelMember.channel_id == channel_id, ChannelMember.user_id == user_id
    )
    return (await session.execute(statement.with_for_update() if lock else statement)).scalar()


async def role_of(
    session: AsyncSession, channel_id: uuid.UUID, user_id: uuid.UUID
) -> ChannelRole | None:
    statement = select(ChannelMember.role).where(
        ChannelMember.channel_id == channel_id, ChannelMember.user_id == user_id
    )
    return (await session.execute(statement)).scalar()


async def roles_among(
    session: AsyncSession, channel_id: uuid.UUID, user_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, ChannelRole]:
    """The roles in the channel of those of `user_ids` who belong to it, in one query."""
    statement = select(ChannelMember.user_id, ChannelMember.role).where(
        ChannelMember.channel_id == channel_id, ChannelMember.user_id.in_(list(user_ids))
    )
    return {user_id: role for user_id, role in await session.execute(statement)}


async def has_replies(session: AsyncSession, comment_id: uuid.UUID) -> bool:
    statement = select(exists().where(Comment.parent_id == comment_id))
    return bool((await session.execute(statement)).scalar())


async def bump(session: AsyncSession, model: type[RowT], row_id: uuid.UUID, **deltas: int) -> RowT:
    """`UPDATE ... SET n = n + delta ... RETURNING *`: atomic in the database, never computed
    in Python; the row in the session is refreshed with the result."""
    values: dict[str, Any] = {name: getattr(model, name) + delta for name, delta in deltas.items()}
    statement = (
        update(model)
        .where(model.id == row_id)
        .values(**values)
        .returning(model)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    row: RowT = (await session.execute(statement)).scalar_one()
    return row
