"""Signing in: throttle first, then the password, then a new session (and, for a hash made
with older argon2 parameters, the password hashed again with today's).

The password is checked with no database connection held: argon2 is slow and bounded (see
`passwords`), and a flood of logins queued there must not hold the pool every other request
needs. Unknown emails verify a dummy hash under the same bound, and are counted by the same
limits, so they cost an attacker as much as real ones and answer the same.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.codes import Code
from subgraphs.kit.database import Database
from subgraphs.kit.errors import DomainError, UserError
from subgraphs.kit.transactions import attempt
from subgraphs.users.models import User
from subgraphs.users.rules.accounts import get_user
from subgraphs.users.rules.passwords import hash_password, needs_rehash, verify_password
from subgraphs.users.rules.sessions import TokenPair, start_session
from subgraphs.users.rules.throttle import LoginRefused, LoginThrottle, LoginUnavailable
from subgraphs.users.rules.tokens import configured_keyring


@dataclass
class SignIn:
    result: tuple[User, TokenPair] | None = None
    errors: list[UserError] = field(default_factory=list)
    retry_after_seconds: int | None = None


@dataclass(frozen=True)
class _Verified:
    user_id: uuid.UUID
    password_hash: str
    # The password hashed anew when its hash was made with weaker argon2 parameters than
    # today's: hashes move up as their owners sign in.
    rehashed: str | None = None


async def _verify(db: Database, email: str, password: str) -> _Verified:
    normalised = email.strip().lower()
    async with db.session() as session:
        statement = select(User.id, User.password_hash).where(User.email == normalised)
        row = (await session.execute(statement)).first()
    # The session is closed: its connection is back in the pool before argon2 runs.
    if not await verify_password(row.password_hash if row else None, password) or row is None:
        raise DomainError(Code.INVALID_CREDENTIALS, "Wrong email or password.")
    rehashed = await hash_password(password) if needs_rehash(row.password_hash) else None
    return _Verified(row.id, row.password_hash, rehashed)


async def _open_session(session: AsyncSession, verified: _Verified) -> tuple[User, TokenPair]:
    user = await get_user(session, verified.user_id)
    if user.password_hash != verified.password_hash:
        # Changed while argon2 ran: the password just checked is no longer the account's.
        raise DomainError(Code.INVALID_CREDENTIALS, "Wrong email or password.")
    if not user.is_active:
        raise DomainError(Code.ACCOUNT_DISABLED, "This account is disabled.")
    if verified.rehashed is not None:
        user.password_hash = verified.rehashed
    return user, await start_session(session, configured_keyring(), user)


async def sign_in(db: Database, email: str, password: str, client_ip: str | None) -> SignIn:
    throttle = LoginThrottle()
    try:
        ticket = await throttle.reserve(email, client_ip)
    except (LoginRefused, LoginUnavailable) as refusal:
        wait = refusal.retry_after_seconds
        return SignIn(errors=[refusal.to_user_error()], retry_after_seconds=wait)
    try:
        verified = await _verify(db, email, password)
    except DomainError as error:
        return SignIn(errors=[error.to_user_error()])  # a failure keeps its counted slot
    result, errors = await attempt(db, lambda session: _open_session(session, verified))
    if result is not None:
        await throttle.succeeded(ticket)
    return SignIn(result, errors)
