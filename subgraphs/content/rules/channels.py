"""Channels: creating (a unique name, a free slug), editing and deleting them; their members
are in rules/members.py."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.content.models import Channel, ChannelMember, ChannelRole
from subgraphs.content.rules import roles, validation
from subgraphs.content.rules.rows import get_channel, role_of
from subgraphs.kit.clock import utcnow
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError, Forbidden
from subgraphs.kit.slugs import SlugColumn
from subgraphs.kit.unique_races import unique_or

NAME_INDEX = "uq_channels_name_lower"
CHANNEL_SLUGS = SlugColumn(Channel.slug, fallback="channel", field="name")


def _name_taken() -> DomainError:
    return DomainError(Code.NAME_TAKEN, "A channel with this name exists.", "name")


async def _ensure_name_free(
    session: AsyncSession, name: str, except_id: uuid.UUID | None = None
) -> None:
    statement = select(Channel.id).where(func.lower(Channel.name) == name.lower())
    if except_id is not None:
        statement = statement.where(Channel.id != except_id)
    if (await session.execute(statement)).first() is not None:
        raise _name_taken()


async def create_channel(
    session: AsyncSession, owner_id: uuid.UUID, name: str, description: str | None
) -> Channel:
    name = validation.clean_channel_name(name)
    description = validation.clean_description(description)
    await _ensure_name_free(session, name)
    channel = Channel(
        id=uuid.uuid4(),
        name=name,
        description=description,
        owner_id=owner_id,
        members_count=1,
        posts_count=0,
    )
    with unique_or(Channel, NAME_INDEX, _name_taken()):  # a concurrent creation won the name
        await CHANNEL_SLUGS.save(session, channel, name)
    session.add(ChannelMember(channel_id=channel.id, user_id=owner_id, role=ChannelRole.OWNER))
    await session.flush()
    return channel


async def update_channel(
    session: AsyncSession, actor_id: uuid.UUID, channel_id: uuid.UUID, changes: dict[str, Any]
) -> Channel:
    if "name" in changes:
        if changes["name"] is None:
            raise DomainError(Code.REQUIRED, "A channel needs a name.", "name")
        changes["name"] = validation.clean_channel_name(changes["name"])
    if "description" in changes:
        changes["description"] = validation.clean_description(changes["description"])
    channel = await get_channel(session, channel_id, "no_key_update")
    if not roles.can_manage_channel(await role_of(session, channel.id, actor_id)):
        raise Forbidden("Only the owner may change this channel.")
    if "name" in changes:
        await _ensure_name_free(session, changes["name"], except_id=channel.id)
    for name, value in changes.items():
        setattr(channel, name, value)
    channel.updated_at = utcnow()
    with unique_or(Channel, NAME_INDEX, _name_taken()):
        async with session.begin_nested():
            await session.flush()
    return channel


async def delete_channel(
    session: AsyncSession, actor_id: uuid.UUID, channel_id: uuid.UUID
) -> uuid.UUID:
    channel = await get_channel(session, channel_id, "update")
    if not roles.can_manage_channel(await role_of(session, channel.id, actor_id)):
        raise Forbidden("Only the owner may delete this channel.")
    await session.execute(delete(Channel).where(Channel.id == channel.id))
    return channel.id
