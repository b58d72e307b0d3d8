"""The router's JWT check: a request that carries a token must carry a valid one.

Anonymous requests pass (public fields exist); an invalid, expired or forged token is refused
with 401 before any subgraph is called. Subgraphs verify the token again themselves: this check
is for early refusal and for per-user rate limits, not for authorisation.
"""

from __future__ import annotations

from collections.abc import Sequence

import orjson
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from common.auth import InvalidToken, TokenVerifier, bearer_token

IDENTITY_KEY = "agora.identity"


async def send_graphql_error(
    send: Send,
    status: int,
    message: str,
    code: str,
    headers: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"x-content-type-options", b"nosniff"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class TokenCheckMiddleware:
    def __init__(self, app: ASGIApp, verifier: TokenVerifier) -> None:
        self.app = app
        self.verifier = verifier

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = bearer_token(Headers(scope=scope))
        if token is not None:
            try:
                identity = await self.verifier.verify(token)
            except InvalidToken as error:
                await send_graphql_error(
                    send, 401, f"Invalid access token: {error}.", "UNAUTHENTICATED"
                )
                return
            scope.setdefault("state", {})[IDENTITY_KEY] = identity
        await self.app(scope, receive, send)
