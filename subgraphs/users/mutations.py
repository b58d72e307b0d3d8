"""Write operations of the users subgraph; rules live in `service` and `sessions`."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from typing import Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.kit.context import ctx
from subgraphs.kit.errors import DomainError
from subgraphs.kit.transactions import attempt
from subgraphs.kit.viewer import me as _my_id
from subgraphs.users import service, sessions
from subgraphs.users.account_changes import announce
from subgraphs.users.codes import Code
from subgraphs.users.loaders import parse_uuid
from subgraphs.users.login import sign_in
from subgraphs.users.models import User as UserRow
from subgraphs.users.tokens import configured_keyring
from subgraphs.users.types import (
    AuthPayload,
    AuthTokens,
    RegisterInput,
    Role,
    SuccessPayload,
    UpdateProfileInput,
    User,
    UserPayload,
)


def _auth_payload(
    result: tuple[UserRow, sessions.TokenPair] | None, errors: list[Any]
) -> AuthPayload:
    if result is None:
        return AuthPayload(errors=errors)
    row, pair = result
    return AuthPayload(
        user=User.from_row(row, owner_view=True),
        tokens=AuthTokens(
            access_token=pair.access.token,
            refresh_token=pair.refresh_token,
            access_token_expires_at=pair.access.expires_at,
        ),
    )


def _user_payload(row: UserRow | None, errors: list[Any]) -> UserPayload:
    return UserPayload(user=None if row is None else User.from_row(row), errors=errors)


def _target_id(user_id: strawberry.ID) -> uuid.UUID:
    parsed = parse_uuid(user_id)
    if parsed is None:
        raise DomainError(Code.NOT_FOUND, "No such user.", "userId")
    return parsed


Changed = TypeVar("Changed", UserRow, tuple[UserRow, sessions.TokenPair])


async def _announced(
    change: Awaitable[tuple[Changed | None, list[Any]]],
) -> tuple[Changed | None, list[Any]]:
    """The account change, once committed, published to every token verifier (see
    account_changes)."""
    result, errors = await change
    if result is not None:
        await announce(result[0] if isinstance(result, tuple) else result)
    return result, errors


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Create an account; the new user is signed in.")
    async def register(self, info: Info[Any, Any], input: RegisterInput) -> AuthPayload:
        async def work(session: AsyncSession) -> tuple[UserRow, sessions.TokenPair]:
            row = await service.register(
                session,
                email=input.email,
                password=input.password,
                first_name=input.first_name,
                last_name=input.last_name,
            )
            return row, await sessions.start_session(session, configured_keyring(), row)

        return _auth_payload(*await attempt(ctx(info).db, work))

    @strawberry.mutation
    async def login(self, info: Info[Any, Any], email: str, password: str) -> AuthPayload:
        context = ctx(info)
        outcome = await sign_in(context.db, email, password, context.client_ip)
        payload = _auth_payload(outcome.result, outcome.errors)
        payload.retry_after_seconds = outcome.retry_after_seconds
        return payload

    @strawberry.mutation(description="Trade a refresh token for new tokens; the old one dies.")
    async def refresh_tokens(self, info: Info[Any, Any], refresh_token: str) -> AuthPayload:
        return _auth_payload(
            *await attempt(
                ctx(info).db, lambda s: sessions.rotate(s, configured_keyring(), refresh_token)
            )
        )

    @strawberry.mutation(description="Sign out of the session this refresh token belongs to.")
    async def logout(self, info: Info[Any, Any], refresh_token: str) -> SuccessPayload:
        me = _my_id(info)
        _, errors = await attempt(ctx(info).db, lambda s: sessions.logout(s, me, refresh_token))
        return SuccessPayload(success=not errors, errors=errors)

    @strawberry.mutation(
        description="Sign out of every session; access tokens already issued stop working too."
    )
    async def logout_everywhere(self, info: Info[Any, Any]) -> SuccessPayload:
        me = _my_id(info)
        _, errors = await _announced(
            attempt(ctx(info).db, lambda s: sessions.logout_everywhere(s, me))
        )
        return SuccessPayload(success=not errors, errors=errors)

    @strawberry.mutation
    async def verify_email(self, info: Info[Any, Any], token: str) -> UserPayload:
        return _user_payload(*await attempt(ctx(info).db, lambda s: service.verify_email(s, token)))

    @strawberry.mutation
    async def resend_verification_email(self, info: Info[Any, Any]) -> UserPayload:
        me = _my_id(info)
        return _user_payload(
            *await attempt(ctx(info).db, lambda s: service.resend_verification(s, me))
        )

    @strawberry.mutation(description="Change your own profile; fields left out keep their value.")
    async def update_profile(self, info: Info[Any, Any], input: UpdateProfileInput) -> UserPayload:
        me = _my_id(info)
        changes = {
            name: value for name, value in vars(input).items() if value is not strawberry.UNSET
        }
        return _user_payload(
            *await attempt(ctx(info).db, lambda s: service.update_profile(s, me, changes))
        )

    @strawberry.mutation(
        description="Turn on FREELANCER or SELLER for yourself. Returns new tokens carrying the "
        "role, for this sign-in: its previous refresh token is used up."
    )
    async def enable_role(self, info: Info[Any, Any], role: Role) -> AuthPayload:
        identity = ctx(info).require_user()
        me = uuid.UUID(identity.user_id)

        async def work(session: AsyncSession) -> tuple[UserRow, sessions.TokenPair]:
            row = await service.enable_role(session, me, role.value)
            tokens = await sessions.renew_session(
                session, configured_keyring(), row, identity.session_id
            )
            return row, tokens

        return _auth_payload(*await _announced(attempt(ctx(info).db, work)))

    @strawberry.mutation(description="Admins only.")
    async def set_user_roles(
        self, info: Info[Any, Any], user_id: strawberry.ID, roles: list[Role]
    ) -> UserPayload:
        ctx(info).require_role("ADMIN")

        async def work(session: AsyncSession) -> UserRow:
            return await service.set_roles(session, _target_id(user_id), [r.value for r in roles])

        return _user_payload(*await _announced(attempt(ctx(info).db, work)))

    @strawberry.mutation(description="Admins only; deactivating also signs the user out.")
    async def set_user_active(
        self, info: Info[Any, Any], user_id: strawberry.ID, active: bool
    ) -> UserPayload:
        ctx(info).require_role("ADMIN")

        async def work(session: AsyncSession) -> UserRow:
            return await service.set_active(session, _target_id(user_id), active)

        return _user_payload(*await _announced(attempt(ctx(info).db, work)))

    @strawberry.mutation(description="Signs out every other session and returns fresh tokens.")
    async def change_password(
        self,
        info: Info[Any, Any],
        current: str,
        new: str,
    ) -> AuthPayload:
        me = _my_id(info)

        async def work(session: AsyncSession) -> tuple[UserRow, sessions.TokenPair]:
            row = await service.change_password(session, me, current, new)
            return row, await sessions.start_session(session, configured_keyring(), row)

        return _auth_payload(*await _announced(attempt(ctx(info).db, work)))
