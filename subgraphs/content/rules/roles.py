"""The role table of channels (DOMAIN.md §4), as pure decisions on roles.

OWNER > ADMIN > MODERATOR > MEMBER. `None` means "not a member". These functions answer "may
this actor do it?"; rules that hold for everyone (the owner cannot leave, nobody changes their
own role, ...) are checked by the channel rules with their own error codes.
"""

from __future__ import annotations

from subgraphs.content.models import ChannelRole

# What admins may manage: roles below their own.
JUNIOR_ROLES = frozenset({ChannelRole.MODERATOR, ChannelRole.MEMBER})
MANAGING_ROLES = frozenset({ChannelRole.OWNER, ChannelRole.ADMIN})
MODERATING_ROLES = frozenset({ChannelRole.OWNER, ChannelRole.ADMIN, ChannelRole.MODERATOR})


def can_manage_channel(actor: str | None) -> bool:
    """Update or delete the channel, transfer its ownership."""
    return actor == ChannelRole.OWNER


def can_manage_members(actor: str | None) -> bool:
    """Change roles and remove members at all (which ones: `can_set_role`, `can_remove_member`)."""
    return actor in MANAGING_ROLES


def can_set_role(actor: str | None, target: str, new_role: str) -> bool:
    """Change a member's role (never to or from OWNER, never one's own: checked before)."""
    if actor == ChannelRole.OWNER:
        return True
    return actor == ChannelRole.ADMIN and target in JUNIOR_ROLES and new_role in JUNIOR_ROLES


def can_remove_member(actor: str | None, target: str) -> bool:
    """Remove a member (never the owner or oneself: checked before)."""
    if actor == ChannelRole.OWNER:
        return True
    return actor == ChannelRole.ADMIN and target in JUNIOR_ROLES


def can_post(actor: str | None) -> bool:
    return actor is not None


def can_edit(is_author: bool) -> bool:
    """Posts and comments are edited by their author only."""
    return is_author


def can_delete(actor: str | None, is_author: bool) -> bool:
    """A post or comment: its author, or the channel's owner, admins and moderators."""
    return is_author or actor in MODERATING_ROLES


def can_leave(actor: str | None) -> bool:
    return actor is not None and actor != ChannelRole.OWNER
