"""What an account may do and whether it may sign in: its roles, its active flag, its password.

Each change raises the account's version (`account_changes`); deactivating and changing the
password also end every session, so tokens issued before stop working.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.users.models import Role, User
from subgraphs.users.rules import validation
from subgraphs.users.rules.account_changes import mark_changed
from subgraphs.users.rules.accounts import get_user
from subgraphs.users.rules.passwords import hash_password, verify_password
from subgraphs.users.rules.sessions import revoke_all_families

SELF_SERVICE_ROLES = frozenset({Role.FREELANCER, Role.SELLER})


async def enable_role(session: AsyncSession, user_id: uuid.UUID, role: Role) -> User:
    if role not in SELF_SERVICE_ROLES:
        raise DomainError(
            Code.ROLE_NOT_SELF_SERVICE, "Only FREELANCER and SELLER can be enabled.", "role"
        )
    user = await get_user(session, user_id, lock=True)
    if role not in user.roles:
        user.roles = sorted({*user.roles, role})
        mark_changed(user)
    return user


async def set_roles(session: AsyncSession, user_id: uuid.UUID, roles: Sequence[Role]) -> User:
    user = await get_user(session, user_id, lock=True)
    user.roles = sorted(set(roles))
    mark_changed(user)
    return user


async def set_active(session: AsyncSession, user_id: uuid.UUID, active: bool) -> User:
    user = await get_user(session, user_id, lock=True)
    user.is_active = active
    mark_changed(user, revoke_tokens=not active)
    if not active:
        await revoke_all_families(session, user.id)
    return user


async def change_password(
    session: AsyncSession, user_id: uuid.UUID, current: str, new: str
) -> User:
    user = await get_user(session, user_id, lock=True)
    if not await verify_password(user.password_hash, current):
        raise DomainError(Code.INVALID_CREDENTIALS, "The current password is wrong.", "current")
    validation.check_password(new, user.email, field="new")
    user.password_hash = await hash_password(new)
    mark_changed(user, revoke_tokens=True)
    await revoke_all_families(session, user.id)
    return user
