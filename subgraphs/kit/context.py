"""The per-request context: who is calling (from a verified JWT), the database, DataLoaders."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

from starlette.requests import HTTPConnection
from strawberry.fastapi import BaseContext
from strawberry.types import Info

from common.auth import Identity, InvalidToken, TokenVerifier, bearer_token
from common.client_ip import (
    CLIENT_IP_HEADER,
    SIGNATURE_HEADER,
    ClientIpSigner,
    UntrustedClientIp,
)
from subgraphs.kit.database import Database
from subgraphs.kit.errors import Forbidden, Unauthenticated
from telemetry.logs import request_id_var

L = TypeVar("L")
logger = logging.getLogger("agora.client_ip")


class RequestContext(BaseContext, Generic[L]):
    def __init__(
        self,
        *,
        db: Database,
        identity: Identity | None,
        auth_error: str | None,
        make_loaders: Callable[[Database], L],
        client_ip: str | None = None,
        verifier: TokenVerifier | None = None,
    ) -> None:
        super().__init__()
        self.verifier = verifier
        self.db = db
        self.identity = identity
        self.auth_error = auth_error
        self.client_ip = client_ip
        self.request_id = request_id_var.get()
        self._make_loaders = make_loaders
        self._loaders: L | None = None

    @property
    def loaders(self) -> L:
        # Created on first use: one set per request (per operation for subscriptions).
        if self._loaders is None:
            self._loaders = self._make_loaders(self.db)
        return self._loaders

    def fresh_loaders(self) -> L:
        self._loaders = self._make_loaders(self.db)
        return self._loaders

    def require_user(self) -> Identity:
        if self.identity is None:
            reason = f" ({self.auth_error})" if self.auth_error else ""
            raise Unauthenticated(f"Sign in to do this{reason}.")
        return self.identity

    async def recheck_identity(self) -> None:
        """For a long-lived operation (a subscription): its token may be revoked since it began."""
        if self.identity is None or self.verifier is None:
            return
        try:
            self.identity = await self.verifier.current(self.identity)
        except InvalidToken as error:
            raise Unauthenticated(
                f"This subscription ended: {error}. Sign in again and subscribe again.",
                reason="TOKEN_REVOKED",
            ) from error

    def require_role(self, *roles: str) -> Identity:
        identity = self.require_user()
        if any(identity.has_role(role) for role in roles):
            return identity
        stale = identity.stale_for(roles)
        if stale:
            raise Forbidden(
                f"This needs one of the roles: {', '.join(roles)}. Your account has "
                f"{', '.join(stale)} now, but this access token was issued before: use the tokens "
                "the role change returned, or refreshTokens, and try again.",
                reason="STALE_TOKEN_ROLES",
            )
        raise Forbidden(f"This needs one of the roles: {', '.join(roles)}.")


async def authenticate(
    verifier: TokenVerifier, token: str | None
) -> tuple[Identity | None, str | None]:
    if token is None:
        return None, None
    try:
        return await verifier.verify(token), None
    except InvalidToken as error:
        return None, str(error)


def client_ip(connection: HTTPConnection, signer: ClientIpSigner | None) -> str | None:
    """The IP the router vouches for (signed header, see common.client_ip), else the
    peer address. Unsigned, forged or stale client-IP headers are ignored."""
    peer = connection.client.host if connection.client else None
    headers = connection.headers
    if CLIENT_IP_HEADER not in headers and SIGNATURE_HEADER not in headers:
        return peer
    if signer is None:
        logger.debug("ignoring %s from %s: no router secret configured", CLIENT_IP_HEADER, peer)
        return peer
    try:
        return signer.verify(headers) or peer
    except UntrustedClientIp as error:
        logger.debug("ignoring %s from %s: %s", CLIENT_IP_HEADER, peer, error)
        return peer


def context_getter(
    db: Database,
    verifier: TokenVerifier,
    make_loaders: Callable[[Database], L],
    client_ip_signer: ClientIpSigner | None = None,
) -> Callable[[HTTPConnection], Awaitable[RequestContext[L]]]:
    async def get_context(connection: HTTPConnection) -> RequestContext[L]:
        identity, auth_error = await authenticate(verifier, bearer_token(connection.headers))
        return RequestContext(
            db=db,
            identity=identity,
            auth_error=auth_error,
            make_loaders=make_loaders,
            client_ip=client_ip(connection, client_ip_signer),
            verifier=verifier,
        )

    return get_context


def ctx(info: Info[Any, Any]) -> RequestContext[Any]:
    context: RequestContext[Any] = info.context
    return context
