"""Roles, the active flag and the password: each change is announced to every token verifier
once committed, and comes with new tokens when it is the caller's own."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.ids import existing_id
from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me
from subgraphs.users.api.payloads.accounts import UserPayload
from subgraphs.users.api.payloads.sessions import AuthPayload
from subgraphs.users.loaders import Info
from subgraphs.users.models import Role
from subgraphs.users.models import User as UserRow
from subgraphs.users.rules import access, sessions
from subgraphs.users.rules.account_changes import announcing
from subgraphs.users.rules.tokens import configured_keyring


async def _admin_change(
    info: Info,
    user_id: strawberry.ID,
    change: Callable[[AsyncSession, uuid.UUID], Awaitable[UserRow]],
) -> UserPayload:
    """An admin changing another account's access, announced once committed."""
    info.context.require_role(Role.ADMIN)

    async def work(session: AsyncSession) -> UserRow:
        return await change(session, existing_id(user_id, "userId", "user"))

    return await run_mutation(info, UserPayload, work, build=announcing(UserPayload.of))


@strawberry.mutation(
    description="Turn on FREELANCER or SELLER for yourself. Returns new tokens carrying the "
    "role, for this sign-in: its previous refresh token is used up."
)
async def enable_role(info: Info, role: Role) -> AuthPayload:
    identity = info.context.require_user()
    user_id = uuid.UUID(identity.user_id)

    async def work(session: AsyncSession) -> tuple[UserRow, sessions.TokenPair]:
        row = await access.enable_role(session, user_id, role)
        tokens = await sessions.renew_session(
            session, configured_keyring(), row, identity.session_id
        )
        return row, tokens

    return await run_mutation(info, AuthPayload, work, build=announcing(AuthPayload.of))


@strawberry.mutation(description="Admins only.")
async def set_user_roles(info: Info, user_id: strawberry.ID, roles: list[Role]) -> UserPayload:
    return await _admin_change(
        info, user_id, lambda session, target: access.set_roles(session, target, roles)
    )


@strawberry.mutation(description="Admins only; deactivating also signs the user out.")
async def set_user_active(info: Info, user_id: strawberry.ID, active: bool) -> UserPayload:
    return await _admin_change(
        info, user_id, lambda session, target: access.set_active(session, target, active)
    )


@strawberry.mutation(description="Signs out every other session and returns fresh tokens.")
async def change_password(
    info: Info,
    current: str,
    new: str,
) -> AuthPayload:
    user_id = me(info)

    async def work(session: AsyncSession) -> tuple[UserRow, sessions.TokenPair]:
        row = await access.change_password(session, user_id, current, new)
        return row, await sessions.start_session(session, configured_keyring(), row)

    return await run_mutation(info, AuthPayload, work, build=announcing(AuthPayload.of))
