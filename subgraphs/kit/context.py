"""The per-request context: who is calling (from a verified JWT), the database, DataLoaders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

from starlette.requests import HTTPConnection
from strawberry.fastapi import BaseContext
from strawberry.types import Info

from subgraphs.kit.auth import Identity, InvalidToken, TokenVerifier, bearer_token
from subgraphs.kit.database import Database
from subgraphs.kit.errors import Forbidden, Unauthenticated
from subgraphs.kit.logs import request_id_var

L = TypeVar("L")


class RequestContext(BaseContext, Generic[L]):
    def __init__(
        self,
        *,
        db: Database,
        identity: Identity | None,
        auth_error: str | None,
        make_loaders: Callable[[Database], L],
        client_ip: str | None = None,
    ) -> None:
        super().__init__()
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

    def require_role(self, *roles: str) -> Identity:
        identity = self.require_user()
        if not any(identity.has_role(role) for role in roles):
            raise Forbidden(f"This needs one of the roles: {', '.join(roles)}.")
        return identity


async def authenticate(
    verifier: TokenVerifier, token: str | None
) -> tuple[Identity | None, str | None]:
    if token is None:
        return None, None
    try:
        return await verifier.verify(token), None
    except InvalidToken as error:
        return None, str(error)


def context_getter(
    db: Database, verifier: TokenVerifier, make_loaders: Callable[[Database], L]
) -> Callable[[HTTPConnection], Awaitable[RequestContext[L]]]:
    async def get_context(connection: HTTPConnection) -> RequestContext[L]:
        identity, auth_error = await authenticate(verifier, bearer_token(connection.headers))
        client = connection.client
        return RequestContext(
            db=db,
            identity=identity,
            auth_error=auth_error,
            make_loaders=make_loaders,
            client_ip=client.host if client else None,
        )

    return get_context


def ctx(info: Info[Any, Any]) -> RequestContext[Any]:
    context: RequestContext[Any] = info.context
    return context
