"""A graphql-transport-ws client for tests, over a real WebSocket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from websockets.asyncio.client import ClientConnection, connect

RECEIVE_TIMEOUT_SECONDS = 5.0


class LiveClient:
    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket

    async def receive(self, within: float = RECEIVE_TIMEOUT_SECONDS) -> dict[str, Any]:
        """The next message; TimeoutError if none arrives `within` seconds."""
        message: dict[str, Any] = orjson.loads(await asyncio.wait_for(self.socket.recv(), within))
        return message

    async def send(self, message: dict[str, Any]) -> None:
        await self.socket.send(orjson.dumps(message).decode())

    async def subscribe(
        self, operation_id: str, query: str, variables: dict[str, Any] | None = None
    ) -> None:
        await self.send(
            {
                "id": operation_id,
                "type": "subscribe",
                "payload": {"query": query, "variables": variables or {}},
            }
        )


@asynccontextmanager
async def live_client(http_url: str, token: str | None) -> AsyncIterator[LiveClient]:
    """Connected and acknowledged (connection_init carries the token)."""
    url = "ws://" + http_url.removeprefix("http://") + "/graphql"
    async with connect(url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        client = LiveClient(socket)
        payload = {"Authorization": f"Bearer {token}"} if token else {}
        await client.send({"type": "connection_init", "payload": payload})
        assert (await client.receive())["type"] == "connection_ack"
        yield client
