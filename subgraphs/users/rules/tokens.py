"""Issuing tokens: signed access JWTs and opaque refresh / verification tokens (stored hashed)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jwt

from subgraphs.kit.clock import utcnow
from subgraphs.kit.keys import SigningKey, load_retired_jwks
from subgraphs.kit.settings import get_settings


def new_opaque_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # High-entropy random tokens: a fast hash is enough (nothing to brute-force).
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class AccessToken:
    token: str
    expires_at: dt.datetime


class KeyRing:
    """The current signing key plus retired public keys, all published in the JWKS."""

    def __init__(self, current: SigningKey, retired: Sequence[dict[str, Any]] = ()) -> None:
        self.current = current
        self.retired = list(retired)

    def jwks(self) -> dict[str, list[dict[str, Any]]]:
        return {"keys": [self.current.jwk, *self.retired]}

    def issue_access_token(
        self,
        user_id: uuid.UUID,
        roles: Sequence[str],
        now: dt.datetime | None = None,
        *,
        version: int = 0,
        session_id: uuid.UUID | None = None,
    ) -> AccessToken:
        """`version`: the account's (revocations compare it, see kit.account_state);
        `session_id`: the refresh-token family the token belongs to."""
        settings = get_settings()
        issued = now or utcnow()
        expires = issued + dt.timedelta(seconds=settings.access_token_ttl_seconds)
        claims = {
            "iss": settings.jwt_issuer,
            "sub": str(user_id),
            "roles": sorted(roles),
            "iat": int(issued.timestamp()),
            "exp": int(expires.timestamp()),
            "jti": uuid.uuid4().hex,
            "typ": "access",
            "ver": version,
        }
        if session_id is not None:
            claims["sid"] = str(session_id)
        token = jwt.encode(
            claims, self.current.private_key, algorithm="EdDSA", headers={"kid": self.current.kid}
        )
        return AccessToken(token=token, expires_at=expires)


@lru_cache(maxsize=1)
def configured_keyring() -> KeyRing:
    """The key ring from settings; there is no built-in key (dev keys are generated)."""
    settings = get_settings()
    if settings.jwt_private_key:
        current = SigningKey.from_pem(settings.jwt_private_key)
    elif settings.jwt_private_key_file:
        current = SigningKey.from_pem(settings.jwt_private_key_file.read_bytes())
    else:
        raise RuntimeError(
            "No JWT signing key: set AGORA_JWT_PRIVATE_KEY_FILE or AGORA_JWT_PRIVATE_KEY "
            "(`agora dev` generates one under the data directory)."
        )
    return KeyRing(current, load_retired_jwks(settings.jwt_retired_public_keys_file))
