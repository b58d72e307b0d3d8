"""New accounts: self-registration, and the first admin (from `agora create-admin`)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.outbox import record_event
from subgraphs.kit.unique_races import unique_or
from subgraphs.users.models import Outbox, Role, User
from subgraphs.users.rules import validation
from subgraphs.users.rules.account_changes import mark_changed
from subgraphs.users.rules.email_verification import start_email_verification
from subgraphs.users.rules.passwords import hash_password


def _email_taken() -> DomainError:
    return DomainError(Code.EMAIL_TAKEN, "An account with this email exists.", "email")


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
        raise _email_taken()
    user.password_hash = password_hash or await hash_password(password)
    session.add(user)
    # A concurrent registration may have won the race.
    with unique_or(User, "uq_users_email", _email_taken()):
        await session.flush()
    record_event(
        session,
        Outbox,
        kind="USER_REGISTERED",
        recipient_id=user.id,
        data={"displayName": user.display_name},
    )
    await start_email_verification(session, user)
    return user


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
            roles=[Role.ADMIN],
            is_verified=True,
        )
        session.add(user)
        await session.flush()
        return user
    user.roles = sorted({*user.roles, Role.ADMIN})
    mark_changed(user)
    return user
