"""Sign-in sessions: refresh-token families with rotation and reuse detection.

Signing in is in `login`, login throttling in `throttle`."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.clock import utcnow
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.settings import get_settings
from subgraphs.users.models import RefreshToken, User
from subgraphs.users.rules.account_changes import mark_changed
from subgraphs.users.rules.accounts import get_user
from subgraphs.users.rules.tokens import AccessToken, KeyRing, hash_token, new_opaque_token


@dataclass(frozen=True)
class TokenPair:
    access: AccessToken
    refresh_token: str


async def start_session(
    session: AsyncSession, keyring: KeyRing, user: User, family_id: uuid.UUID | None = None
) -> TokenPair:
    refresh = new_opaque_token()
    ttl = dt.timedelta(days=get_settings().refresh_token_ttl_days)
    family = family_id or uuid.uuid4()
    session.add(
        RefreshToken(
            id=uuid.uuid4(),
            user_id=user.id,
            family_id=family,
            token_hash=hash_token(refresh),
            expires_at=utcnow() + ttl,
        )
    )
    access = keyring.issue_access_token(
        user.id, user.roles, version=user.auth_version, session_id=family
    )
    return TokenPair(access, refresh)


async def renew_session(
    session: AsyncSession, keyring: KeyRing, user: User, family_id: str | None
) -> TokenPair:
    """New tokens for the caller's sign-in (e.g. carrying a role just added): the family's live
    refresh token is used up, as `rotate` would, so the family keeps one. A token without a
    live family (issued before tokens named theirs, or signed out) starts a new one."""
    family = _parse_family(family_id)
    if family is not None:
        live = await session.execute(
            update(RefreshToken)
            .where(
                RefreshToken.family_id == family,
                RefreshToken.user_id == user.id,
                RefreshToken.used_at.is_(None),
                RefreshToken.revoked_at.is_(None),
                RefreshToken.expires_at > utcnow(),
            )
            .values(used_at=utcnow())
            .returning(RefreshToken.id)
        )
        if live.first() is None:
            family = None
    return await start_session(session, keyring, user, family_id=family)


def _parse_family(family_id: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(family_id) if family_id else None
    except ValueError:
        return None


async def _token_row(session: AsyncSession, raw: str) -> RefreshToken | None:
    statement = select(RefreshToken).where(RefreshToken.token_hash == hash_token(raw))
    return (await session.execute(statement.with_for_update())).scalar()


async def revoke_family(session: AsyncSession, family_id: uuid.UUID) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


async def revoke_all_families(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


class TokenReused(DomainError):
    """A dead refresh token came back: its family is revoked (the caller must commit that)."""

    keep_changes = True

    def __init__(self) -> None:
        super().__init__(Code.TOKEN_REUSED, "This refresh token was already used; sign in again.")


async def rotate(session: AsyncSession, keyring: KeyRing, raw: str) -> tuple[User, TokenPair]:
    row = await _token_row(session, raw)
    if row is None or row.expires_at <= utcnow():
        raise DomainError(Code.INVALID_TOKEN, "This refresh token is not valid.", "refreshToken")
    if row.used_at is not None or row.revoked_at is not None:
        # Theft detection: whoever holds the family now cannot keep using it.
        await revoke_family(session, row.family_id)
        raise TokenReused()
    user = await get_user(session, row.user_id)
    if not user.is_active:
        raise DomainError(Code.ACCOUNT_DISABLED, "This account is disabled.")
    row.used_at = utcnow()
    return user, await start_session(session, keyring, user, family_id=row.family_id)


async def logout(session: AsyncSession, user_id: uuid.UUID, raw: str) -> None:
    row = await _token_row(session, raw)
    if row is None or row.user_id != user_id:
        raise DomainError(Code.INVALID_TOKEN, "This refresh token is not yours.", "refreshToken")
    await revoke_family(session, row.family_id)


async def logout_everywhere(session: AsyncSession, user_id: uuid.UUID) -> User:
    """Every refresh token and, within a second, every access token stops working."""
    user = await get_user(session, user_id, lock=True)
    mark_changed(user, revoke_tokens=True)
    await revoke_all_families(session, user_id)
    return user
