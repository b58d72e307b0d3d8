"""Accounts and their profiles: finding an account, and its owner changing the profile."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.rows import get_row
from subgraphs.users.models import User
from subgraphs.users.rules import validation


async def get_user(session: AsyncSession, user_id: uuid.UUID, *, lock: bool = False) -> User:
    return await get_row(session, User, user_id, what="user", field="userId", lock=lock)


_PROFILE_CLEANERS: dict[str, Callable[[Any], Any]] = {
    "first_name": lambda v: validation.clean_name(v, "firstName"),
    "last_name": lambda v: validation.clean_name(v, "lastName"),
    "bio": validation.clean_bio,
    "avatar_url": validation.clean_avatar_url,
    "timezone": validation.clean_timezone,
    "is_public": lambda v: bool(v),
}


async def update_profile(
    session: AsyncSession, user_id: uuid.UUID, changes: dict[str, Any]
) -> User:
    for required, field in (
        ("first_name", "firstName"),
        ("last_name", "lastName"),
        ("is_public", "isPublic"),
    ):
        if required in changes and changes[required] is None:
            raise DomainError(Code.REQUIRED, "This field cannot be cleared.", field)
    cleaned = {name: _PROFILE_CLEANERS[name](value) for name, value in changes.items()}
    user = await get_user(session, user_id, lock=True)
    for name, value in cleaned.items():
        setattr(user, name, value)
    return user
