"""Push devices: an FCM registration token (IOS, ANDROID) or a Web Push subscription (WEB)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.notifications.models import Platform, PushDevice

MAX_TOKEN_LENGTH = 4096
MAX_DEVICES_PER_USER = 20


def check_token(token: str, platform: Platform) -> str:
    """The token to store, or INVALID_TOKEN."""
    token = token.strip()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise DomainError(
            Code.INVALID_TOKEN, f"A device token has 1 to {MAX_TOKEN_LENGTH} characters.", "token"
        )
    if platform == Platform.WEB:
        # A PushSubscription as the browser gives it: {"endpoint", "keys": {"p256dh", "auth"}}.
        try:
            subscription = json.loads(token)
            endpoint = urlsplit(subscription["endpoint"])
            keys = subscription["keys"]
            valid = (
                endpoint.scheme == "https"
                and bool(endpoint.netloc)
                and all(isinstance(keys.get(key), str) and keys[key] for key in ("p256dh", "auth"))
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            valid = False
        if not valid:
            raise DomainError(
                Code.INVALID_TOKEN,
                "A WEB token is a PushSubscription JSON: an https endpoint and keys p256dh, auth.",
                "token",
            )
    elif any(character.isspace() for character in token):
        raise DomainError(Code.INVALID_TOKEN, "A device token has no spaces.", "token")
    return token


async def register_device(
    session: AsyncSession, user_id: str, token: str, platform: Platform
) -> PushDevice:
    """Idempotent; a token registered by someone else moves to the caller (same device)."""
    token = check_token(token, platform)
    count = await session.execute(
        select(func.count()).where(PushDevice.user_id == user_id, PushDevice.token != token)
    )
    if count.scalar_one() >= MAX_DEVICES_PER_USER:
        raise DomainError(
            Code.TOO_MANY_DEVICES, f"At most {MAX_DEVICES_PER_USER} devices per account.", "token"
        )
    statement = (
        insert(PushDevice)
        .values(user_id=user_id, token=token, platform=platform)
        .on_conflict_do_update(
            index_elements=[PushDevice.token],
            set_={"user_id": user_id, "platform": platform},
        )
        .returning(PushDevice)
    )
    return (await session.execute(statement)).scalar_one()


async def unregister_device(session: AsyncSession, user_id: str, token: str) -> bool:
    """Idempotent: True when a device of this user was removed."""
    removed = await session.execute(
        delete(PushDevice)
        .where(PushDevice.user_id == user_id, PushDevice.token == token.strip())
        .returning(PushDevice.id)
    )
    return removed.first() is not None


async def devices_of(session: AsyncSession, user_id: str) -> list[PushDevice]:
    rows = await session.execute(
        select(PushDevice).where(PushDevice.user_id == user_id).order_by(PushDevice.created_at)
    )
    return list(rows.scalars())


async def forget_token(session: AsyncSession, token: str) -> None:
    """A provider said the token is dead (app uninstalled, subscription expired)."""
    await session.execute(delete(PushDevice).where(PushDevice.token == token))
