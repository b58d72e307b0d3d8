"""Access-token verification, the same in every subgraph and at the router.

A subgraph never trusts an identity header: it verifies the bearer JWT against the users
subgraph's JWKS. Keys are cached by `kid`; an unknown `kid` triggers one refetch (key
rotation), rate-limited so forged `kid`s cannot make us hammer the users subgraph. A valid
signature is not enough: the token must also not be revoked, and a role the account lost no
longer counts (see `account_state`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

from common.account_state import AccountStates

ALLOWED_ALGORITHMS = ["EdDSA"]
REFETCH_INTERVAL_SECONDS = 10.0
CACHE_TTL_SECONDS = 600.0


@dataclass(frozen=True)
class Identity:
    user_id: str
    roles: frozenset[str]  # as the token says
    token_id: str
    expires_at: int
    version: int = 0  # the account's version when the token was issued (claim `ver`)
    # The account's roles now, when known: a role removed since the token was issued does not
    # count, and a role added since is reported as a stale token (see `stale_for`).
    current_roles: frozenset[str] | None = None
    session_id: str | None = None  # the sign-in (refresh-token family) it belongs to

    def has_role(self, role: str) -> bool:
        return role in self.roles and (self.current_roles is None or role in self.current_roles)

    def stale_for(self, roles: tuple[str, ...]) -> list[str]:
        """The roles asked for that the account has now but this token does not carry."""
        if self.current_roles is None:
            return []
        return [role for role in roles if role in self.current_roles and role not in self.roles]


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
        account_states: AccountStates | None = None,
    ) -> None:
        self._fetch_jwks = fetch_jwks
        self.account_states = account_states
        self._issuer = issuer
        self._refetch_interval = refetch_interval
        self._cache_ttl = cache_ttl
        self._keys: dict[str, Any] = {}
        self._fetched_at = float("-inf")
        # One lock per event loop: a verifier may serve several (tests run apps on their own).
        self._locks: dict[int, asyncio.Lock] = {}

    async def _refresh(self, *, force: bool) -> None:
        lock = self._locks.setdefault(id(asyncio.get_running_loop()), asyncio.Lock())
        async with lock:
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
        return await self.current(decode_access_token(token, key, self._issuer))

    async def current(self, identity: Identity) -> Identity:
        """`identity` checked against its account now: revoked, or with its current roles."""
        if self.account_states is None:
            return identity
        state = await self.account_states.get(identity.user_id, at_least=identity.version)
        if state is None or state.version < identity.version:
            return identity  # the token is newer than any state known: its roles are current
        if identity.version < state.valid_from:
            raise InvalidToken("token revoked")
        return dataclasses.replace(identity, current_roles=state.roles)


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
    version = claims.get("ver", 0)
    session_id = claims.get("sid")
    if (
        not isinstance(roles, list)
        or not isinstance(version, int)
        or not isinstance(session_id, str | None)
    ):
        raise InvalidToken("invalid token")
    return Identity(
        user_id=str(claims["sub"]),
        roles=frozenset(str(role) for role in roles),
        token_id=str(claims["jti"]),
        expires_at=int(claims["exp"]),
        version=version,
        session_id=session_id,
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
