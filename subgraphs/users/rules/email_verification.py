"""Proving an email address: a single-use token, sent by email through the outbox."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.clock import utcnow
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.outbox import record_event
from subgraphs.users.models import EmailVerification, Outbox, User
from subgraphs.users.rules.accounts import get_user
from subgraphs.users.rules.tokens import hash_token, new_opaque_token

VERIFICATION_TTL = dt.timedelta(hours=24)


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
        recipient_id=user.id,
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
