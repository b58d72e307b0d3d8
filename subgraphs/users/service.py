"""Domain rules of accounts and profiles: plain async functions on a session, no GraphQL."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.errors import DomainError
from subgraphs.kit.outbox import record_event
from subgraphs.users import validation
from subgraphs.users.account_changes import mark_changed
from subgraphs.users.codes import Code
from subgraphs.users.models import EmailVerification, Outbox, RefreshToken, User
from subgraphs.users.passwords import hash_password, verify_password
from subgraphs.users.tokens import hash_token, new_opaque_token, utcnow

ROLES = ("FREELANCER", "SELLER", "MODERATOR", "ADMIN")
SELF_SERVICE_ROLES = frozenset({"FREELANCER", "SELLER"})
VERIFICATION_TTL = dt.timedelta(hours=24)


async def get_user(session: AsyncSession, user_id: uuid.UUID, *, lock: bool = False) -> User:
    statement = select(User).where(User.id == user_id)
    user = (await session.execute(statement.with_for_update() if lock else statement)).scalar()
    if user is None:
        raise DomainError(Code.NOT_FOUND, "No such user.", "userId")
    return user


async def register(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    password_hash: str | None = None,
) -> User:
    """`password_hash`: an argon2 hash of this same `password` made earlier, for callers that
    create many accounts with one password (`agora seed`); the password is still checked."""
    email = validation.normalise_email(email)
    validation.check_password(password, email)
    user = User(
        id=uuid.uuid4(),
        email=email,
        first_name=validation.clean_name(first_name, "firstName"),
        last_name=validation.clean_name(last_name, "lastName"),
        password_hash="",
        roles=[],
    )
    existing = await session.execute(select(User.id).where(User.email == email))
    if existing.first() is not None:
        raise DomainError(Code.EMAIL_TAKEN, "An account with this email exists.", "email")
    user.password_hash = password_hash or await hash_password(password)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as error:  # a concurrent registration won the race
        raise DomainError(
            Code.EMAIL_TAKEN, "An account with this email exists.", "email"
        ) from error
    record_event(
        session,
        Outbox,
        kind="USER_REGISTERED",
        recipient_id=str(user.id),
        data={"displayName": user.display_name},
    )
    await start_email_verification(session, user)
    return user


async def start_email_verification(session: AsyncSession, user: User) -> str:
    """Makes a single-use token and queues the email carrying it (via the outbox)."""
    token = new_opaque_token()
    session.add(
        EmailVerification(
            token_hash=hash_token(token),
            user_id=user.id,
            expires_at=utcnow() + VERIFICATION_TTL,
        )
    )
    record_event(
        session,
        Outbox,
        kind="EMAIL_VERIFICATION_REQUESTED",
        recipient_id=str(user.id),
        data={"email": user.email, "displayName": user.display_name, "token": token},
    )
    return token


async def resend_verification(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await get_user(session, user_id)
    if user.is_verified:
        raise DomainError(Code.ALREADY_VERIFIED, "Your email is already verified.")
    await start_email_verification(session, user)
    return user


async def verify_email(session: AsyncSession, token: str) -> User:
    row = (
        await session.execute(
            select(EmailVerification)
            .where(EmailVerification.token_hash == hash_token(token))
            .with_for_update()
        )
    ).scalar()
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        raise DomainError(
            Code.INVALID_TOKEN, "This verification link is invalid or expired.", "token"
        )
    row.used_at = utcnow()
    user = await get_user(session, row.user_id, lock=True)
    user.is_verified = True
    return user


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


async def enable_role(session: AsyncSession, user_id: uuid.UUID, role: str) -> User:
    if role not in SELF_SERVICE_ROLES:
        raise DomainError(
            Code.ROLE_NOT_SELF_SERVICE, "Only FREELANCER and SELLER can be enabled.", "role"
        )
    user = await get_user(session, user_id, lock=True)
    if role not in user.roles:
        user.roles = sorted({*user.roles, role})
        mark_changed(user)
    return user


async def set_roles(session: AsyncSession, user_id: uuid.UUID, roles: Sequence[str]) -> User:
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


async def revoke_all_families(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


async def create_admin(session: AsyncSession, email: str, password: str | None) -> User:
    """Promote an existing account to ADMIN, or create one (the first admin comes from the CLI)."""
    email = validation.normalise_email(email)
    user = (await session.execute(select(User).where(User.email == email))).scalar()
    if user is None:
        if password is None:
            raise DomainError(Code.REQUIRED, "A new admin account needs a password.", "password")
        validation.check_password(password, email)
        user = User(
            id=uuid.uuid4(),
            email=email,
            password_hash=await hash_password(password),
            first_name="Admin",
            last_name="",
            roles=["ADMIN"],
            is_verified=True,
        )
        session.add(user)
        await session.flush()
        return user
    user.roles = sorted({*user.roles, "ADMIN"})
    mark_changed(user)
    return user
