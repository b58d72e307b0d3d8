"""What every subscription transport shares: who is asking, until when, and the stream."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import jwt

from common.auth import InvalidToken, TokenVerifier, bearer_token
from router.edge.client_ip import ForwardedClient
from router.execution.incremental import IncrementalResponse
from router.gateway import Gateway, RequestError
from router.subscriptions.source import Subscription
from router.subscriptions.upstream import UpstreamError

EXPIRED = {
    "message": "The access token expired; subscribe again with a fresh token.",
    "extensions": {"code": "UNAUTHENTICATED"},
}


class Refused(Exception):
    """The client's credentials were refused before anything was streamed."""


@dataclass(frozen=True)
class Caller:
    headers: dict[str, str]  # forwarded to subgraphs: authorization, x-request-id
    expires_at: float | None  # unix time the access token dies; the stream ends then
    client: ForwardedClient | None = None  # the client's IP, signed per operation

    def subgraph_headers(self) -> dict[str, str]:
        return {**self.headers, **(self.client.headers() if self.client else {})}

    @classmethod
    async def from_headers(
        cls,
        headers: Mapping[str, str],
        verifier: TokenVerifier | None,
        client: ForwardedClient | None = None,
    ) -> Caller:
        forwarded = {k: v for k, v in headers.items() if k in ("authorization", "x-request-id")}
        token = bearer_token(headers)
        if token is None:
            return cls(forwarded, None, client)
        if verifier is not None:
            try:
                return cls(forwarded, (await verifier.verify(token)).expires_at, client)
            except InvalidToken as error:
                raise Refused(f"Invalid access token: {error}.") from error
        # Without a verifier the subgraph is the judge; the expiry still bounds the stream.
        try:
            claims = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as error:
            raise Refused("Invalid access token: malformed token.") from error
        exp = claims.get("exp")
        return cls(forwarded, float(exp) if isinstance(exp, int | float) else None, client)


async def stream(
    gateway: Gateway,
    caller: Caller,
    query: str,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> AsyncIterator[dict[str, Any]]:
    """Responses for one client operation. Subscriptions stream until the subgraph completes or
    the token expires; queries and mutations yield one response, or an initial response and
    one payload per deferred part. Failures become a last response with errors
    (`{"errors": [...]}` without data or `hasNext`), never an exception."""
    headers = caller.subgraph_headers()
    try:
        operation = gateway.operation(await gateway.prepare_in_thread(query), operation_name)
        if operation.operation.value != "subscription":
            # Deferred fragments come as payloads of their own: these transports stream.
            result = await gateway.execute_incremental(
                query, operation_name=operation_name, variables=variables, headers=headers
            )
            if not isinstance(result, IncrementalResponse):
                yield result
                return
            yield result.initial
            async for payload in result.subsequent():
                yield payload
            return
        subscription = Subscription.prepare(gateway, query, operation_name, variables)
        deadline = None if caller.expires_at is None else caller.expires_at - time.time()
        if deadline is not None and deadline <= 0:
            yield {"errors": [EXPIRED]}
            return
        active = gateway.metrics.active_subscriptions
        active.inc()
        try:
            async with asyncio.timeout(deadline):
                async for response in subscription.responses(headers, caller.subgraph_headers):
                    yield response
        finally:
            active.dec()
    except RequestError as error:
        yield {"errors": error.errors}
    except UpstreamError as error:
        yield {"errors": error.errors or [{"message": "The subscription failed upstream."}]}
    except TimeoutError:
        yield {"errors": [EXPIRED]}
