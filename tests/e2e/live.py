"""A graphql-transport-ws client for tests, over a real WebSocket."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import orjson
from redis.asyncio import Redis
from websockets.asyncio.client import ClientConnection, connect

from subgraphs.notifications.rules.live import user_channel

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


async def until_listeners(
    redis: Redis, user_id: str, accept: Callable[[int], bool], within: float = 10.0
) -> None:
    """Until the number of notifications processes listening on the user's Redis channel is
    accepted (e.g. a subscription made it through router and subgraph), bounded."""
    deadline = time.monotonic() + within
    channel = user_channel(user_id)
    while not accept(int((await redis.pubsub_numsub(channel))[0][1])):
        assert time.monotonic() < deadline, "the subscriptions on Redis never changed as expected"
        await asyncio.sleep(0.02)  # polling Redis for the condition, within the deadline
