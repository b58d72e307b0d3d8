"""Members of a channel: joining, leaving, roles, removal, the transfer of the ownership.

Membership changes lock the channel row (`NO KEY UPDATE`), so they are serialised per channel.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.content.models import Channel, ChannelMember, ChannelRole, EventKind
from subgraphs.content.rules import roles
from subgraphs.content.rules.events import about_channel, tell
from subgraphs.content.rules.rows import bump, get_channel, get_member, role_of
from subgraphs.kit.clock import utcnow
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError, Forbidden


async def join_channel(session: AsyncSession, user_id: uuid.UUID, channel_id: uuid.UUID) -> Channel:
    """Idempotent: joining a channel you belong to changes nothing."""
    return await join_channel_by_many(session, [user_id], channel_id)


async def join_channel_by_many(
    session: AsyncSession, user_ids: Sequence[uuid.UUID], channel_id: uuid.UUID
) -> Channel:
    """`join_channel` for each user at once: the channel locked once, one multi-row INSERT,
    one bump by the members it really added (those who belonged already are left alone)."""
    channel = await get_channel(session, channel_id, "key_share")
    if not user_ids:
        return channel
    inserted = await session.execute(
        insert(ChannelMember)
        .values(
            [
                {"channel_id": channel.id, "user_id": user_id, "role": ChannelRole.MEMBER}
                for user_id in dict.fromkeys(user_ids)
            ]
        )
        .on_conflict_do_nothing()
        .returning(ChannelMember.user_id)
    )
    joined = set(inserted.scalars())
    if not joined:
        return channel
    channel = await bump(session, Channel, channel.id, members_count=len(joined))
    for user_id in dict.fromkeys(user_ids):  # the events in the order asked
        if user_id in joined and channel.owner_id != user_id:
            tell(
                session, EventKind.MEMBER_JOINED, channel.owner_id, user_id, about_channel(channel)
            )
    return channel


async def _drop_member(session: AsyncSession, channel_id: uuid.UUID, user_id: uuid.UUID) -> Channel:
    deleted = await session.execute(
        delete(ChannelMember)
        .where(ChannelMember.channel_id == channel_id, ChannelMember.user_id == user_id)
        .returning(ChannelMember.user_id)
    )
    if deleted.first() is None:
        raise DomainError(Code.NOT_MEMBER, "Not a member of this channel.", "userId")
    return await bump(session, Channel, channel_id, members_count=-1)


async def leave_channel(
    session: AsyncSession, user_id: uuid.UUID, channel_id: uuid.UUID
) -> Channel:
    channel = await get_channel(session, channel_id, "no_key_update")
    role = await role_of(session, channel.id, user_id)
    if role is None:
        raise DomainError(Code.NOT_MEMBER, "You are not a member of this channel.", "id")
    if not roles.can_leave(role):
        raise DomainError(
            Code.OWNER_CANNOT_LEAVE, "Transfer the ownership before leaving the channel.", "id"
        )
    return await _drop_member(session, channel.id, user_id)


async def _target(session: AsyncSession, channel: Channel, user_id: uuid.UUID) -> ChannelMember:
    member = await get_member(session, channel.id, user_id, lock=True)
    if member is None:
        raise DomainError(Code.NOT_MEMBER, "This user is not a member of the channel.", "userId")
    return member


async def _managed_member(
    session: AsyncSession,
    actor_id: uuid.UUID,
    channel_id: uuid.UUID,
    user_id: uuid.UUID,
    *,
    on_self: DomainError,
    on_owner: DomainError,
) -> tuple[Channel, ChannelRole | None, ChannelMember]:
    """A manager acting on another member: the channel, the manager's role and that member.
    Nobody does it to themselves (`on_self`) nor to the owner (`on_owner`)."""
    channel = await get_channel(session, channel_id, "no_key_update", field="channelId")
    actor_role = await role_of(session, channel.id, actor_id)
    if not roles.can_manage_members(actor_role):
        raise Forbidden("Only the owner and admins manage members.")
    if user_id == actor_id:
        raise on_self
    member = await _target(session, channel, user_id)
    if member.role == ChannelRole.OWNER:
        raise on_owner
    return channel, actor_role, member


def _tell_role_changed(
    session: AsyncSession,
    channel: Channel,
    member: ChannelMember,
    actor_id: uuid.UUID,
    previous: ChannelRole,
) -> None:
    data = {**about_channel(channel), "role": member.role, "previousRole": previous}
    tell(session, EventKind.MEMBER_ROLE_CHANGED, member.user_id, actor_id, data)


async def set_member_role(
    session: AsyncSession,
    actor_id: uuid.UUID,
    channel_id: uuid.UUID,
    user_id: uuid.UUID,
    role: ChannelRole,
) -> tuple[Channel, ChannelMember]:
    if role == ChannelRole.OWNER:
        raise DomainError(
            Code.INVALID_ROLE, "Use transferChannelOwnership to make someone the owner.", "role"
        )
    channel, actor_role, member = await _managed_member(
        session,
        actor_id,
        channel_id,
        user_id,
        on_self=DomainError(
            Code.CANNOT_CHANGE_OWN_ROLE, "You cannot change your own role.", "userId"
        ),
        on_owner=DomainError(
            Code.CANNOT_CHANGE_OWNER_ROLE, "The owner's role changes only by a transfer.", "userId"
        ),
    )
    if not roles.can_set_role(actor_role, member.role, role):
        raise Forbidden("Admins may only switch members and moderators.")
    if member.role != role:
        previous, member.role = member.role, role
        _tell_role_changed(session, channel, member, actor_id, previous)
        await session.flush()
    return channel, member


async def remove_member(
    session: AsyncSession, actor_id: uuid.UUID, channel_id: uuid.UUID, user_id: uuid.UUID
) -> Channel:
    channel, actor_role, member = await _managed_member(
        session,
        actor_id,
        channel_id,
        user_id,
        on_self=DomainError(Code.CANNOT_REMOVE_SELF, "Use leaveChannel to leave.", "userId"),
        on_owner=DomainError(Code.CANNOT_REMOVE_OWNER, "The owner cannot be removed.", "userId"),
    )
    if not roles.can_remove_member(actor_role, member.role):
        raise Forbidden("Admins may only remove members and moderators.")
    return await _drop_member(session, channel.id, user_id)


async def transfer_ownership(
    session: AsyncSession, actor_id: uuid.UUID, channel_id: uuid.UUID, user_id: uuid.UUID
) -> Channel:
    """The new owner must be a member; the old owner stays on as an admin."""
    channel = await get_channel(session, channel_id, "update", field="channelId")
    if not roles.can_manage_channel(await role_of(session, channel.id, actor_id)):
        raise Forbidden("Only the owner may transfer the ownership.")
    if user_id == actor_id:
        raise DomainError(Code.CANNOT_TRANSFER_TO_SELF, "You already own this channel.", "userId")
    member = await _target(session, channel, user_id)
    old_owner = await get_member(session, channel.id, actor_id, lock=True)
    assert old_owner is not None
    previous = member.role
    # Demote first: the one-owner unique index is checked row by row.
    old_owner.role = ChannelRole.ADMIN
    await session.flush()
    member.role = ChannelRole.OWNER
    channel.owner_id = user_id
    channel.updated_at = utcnow()
    await session.flush()
    _tell_role_changed(session, channel, member, actor_id, previous)
    return channel
