"""Access-token verification, the same in every subgraph.

A subgraph never trusts an identity header: it verifies the bearer JWT against the users
subgraph's JWKS. Keys are cached by `kid`; an unknown `kid` triggers one refetch (key
rotation), rate-limited so forged `kid`s cannot make us hammer the users subgraph.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

ALLOWED_ALGORITHMS = ["EdDSA"]
REFETCH_INTERVAL_SECONDS = 10.0
CACHE_TTL_SECONDS = 600.0


@dataclass(frozen=True)
class Identity:
    user_id: str
    roles: frozenset[str]
    token_id: str
    expires_at: int

    def has_role(self, role: str) -> bool:
        return role in self.roles


class InvalidToken(Exception):
    """Why a presented token was refused; the message is safe to show."""


JWKSFetcher = Callable[[], Awaitable[list[dict[str, Any]]]]


def http_jwks_fetcher(url: str, timeout: float = 5.0) -> JWKSFetcher:
    async def fetch() -> list[dict[str, Any]]:
        async with httpx.AsyncClient(timeout=timeout) as client:
            response = await client.get(url)
            response.raise_for_status()
            keys: list[dict[str, Any]] = response.json()["keys"]
            return keys

    return fetch


class TokenVerifier:
    def __init__(
        self,
        fetch_jwks: JWKSFetcher,
        issuer: str,
        *,
        refetch_interval: float = REFETCH_INTERVAL_SECONDS,
        cache_ttl: float = CACHE_TTL_SECONDS,
    ) -> None:
        self._fetch_jwks = fetch_jwks
        self._issuer = issuer
        self._refetch_interval = refetch_interval
        self._cache_ttl = cache_ttl
        self._keys: dict[str, Any] = {}
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    async def _refresh(self, *, force: bool) -> None:
        async with self._lock:
            age = time.monotonic() - self._fetched_at
            if age < (self._refetch_interval if force else self._cache_ttl):
                return
            jwks = await self._fetch_jwks()
            self._keys = {
                jwk["kid"]: jwt.PyJWK(jwk).key for jwk in jwks if jwk.get("use", "sig") == "sig"
            }
            self._fetched_at = time.monotonic()

    async def _key_for(self, kid: str) -> Any:
        await self._refresh(force=False)
        if kid not in self._keys:
            await self._refresh(force=True)
        key = self._keys.get(kid)
        if key is None:
            raise InvalidToken("unknown signing key")
        return key

    async def verify(self, token: str) -> Identity:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise InvalidToken("malformed token") from error
        if header.get("alg") not in ALLOWED_ALGORITHMS:
            raise InvalidToken("unsupported signing algorithm")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise InvalidToken("token has no key id")
        try:
            key = await self._key_for(kid)
        except httpx.HTTPError as error:
            raise InvalidToken("signing keys are unavailable") from error
        return decode_access_token(token, key, self._issuer)


def decode_access_token(token: str, key: Any, issuer: str) -> Identity:
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=ALLOWED_ALGORITHMS,
            issuer=issuer,
            options={"require": ["sub", "exp", "iat", "jti", "typ"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise InvalidToken("token expired") from error
    except jwt.PyJWTError as error:
        raise InvalidToken("invalid token") from error
    if claims.get("typ") != "access":
        raise InvalidToken("not an access token")
    roles = claims.get("roles", [])
    if not isinstance(roles, list):
        raise InvalidToken("invalid token")
    return Identity(
        user_id=str(claims["sub"]),
        roles=frozenset(str(role) for role in roles),
        token_id=str(claims["jti"]),
        expires_at=int(claims["exp"]),
    )


def bearer_token(headers: Mapping[str, Any]) -> str | None:
    """The token of an `Authorization: Bearer ...` header (HTTP or WS connection params)."""
    value = headers.get("authorization") or headers.get("Authorization")
    if not isinstance(value, str):
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
