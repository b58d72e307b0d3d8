"""The router's side of a subscription towards a subgraph: a graphql-transport-ws client.

One WebSocket per client subscription: closing it (the client went away, or completed)
ends the subgraph's subscription too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

import orjson
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

PROTOCOL = "graphql-transport-ws"
ACK_TIMEOUT_SECONDS = 10.0


class UpstreamError(Exception):
    """The subgraph refused or ended the subscription; `errors` are GraphQL errors."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors[0].get("message", "subscription failed") if errors else "")
        self.errors = errors


def websocket_url(http_url: str) -> str:
    if http_url.startswith("https://"):
        return "wss://" + http_url[len("https://") :]
    if http_url.startswith("http://"):
        return "ws://" + http_url[len("http://") :]
    return http_url


async def subscribe(
    url: str,
    query: str,
    variables: Mapping[str, Any],
    headers: Mapping[str, str],
) -> AsyncIterator[dict[str, Any]]:
    """Yields each `next` payload (`{"data": ..., "errors": ...}`) until the subgraph completes."""
    init: dict[str, Any] = {}
    if "authorization" in headers:
        init["Authorization"] = headers["authorization"]
    try:
        async with connect(
            websocket_url(url),
            subprotocols=[PROTOCOL],  # type: ignore[list-item]
            additional_headers=dict(headers),
            open_timeout=ACK_TIMEOUT_SECONDS,
        ) as socket:
            await socket.send(orjson.dumps({"type": "connection_init", "payload": init}).decode())
            async for raw in socket:
                message = orjson.loads(raw)
                kind = message.get("type")
                if kind == "connection_ack":
                    payload = {"query": query, "variables": dict(variables)}
                    await socket.send(
                        orjson.dumps({"id": "1", "type": "subscribe", "payload": payload}).decode()
                    )
                elif kind == "ping":
                    await socket.send(orjson.dumps({"type": "pong"}).decode())
                elif kind == "next":
                    yield message["payload"]
                elif kind == "error":
                    raise UpstreamError(list(message.get("payload") or []))
                elif kind == "complete":
                    return
    except ConnectionClosed as closed:
        reason = closed.rcvd.reason if closed.rcvd else "connection closed"
        raise UpstreamError(
            [{"message": f"Subgraph closed the subscription: {reason}"}]
        ) from closed
    except OSError as error:
        raise UpstreamError([{"message": f"Subgraph unreachable: {error}"}]) from error
