"""Live subscriptions over a real graphql-transport-ws connection to the subgraph."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
import pytest
import websockets
from redis.asyncio import Redis
from websockets.asyncio.client import ClientConnection

from subgraphs.kit.database import Database
from subgraphs.kit.settings import get_settings
from subgraphs.notifications.rules.delivery import accept_event, publish_if_new
from subgraphs.notifications.rules.feed import Feed
from subgraphs.notifications.rules.live import user_channel
from subgraphs.users.rules.tokens import configured_keyring
from tests.integration.accounts import Account, Accounts
from tests.integration.notifications.conftest import TIMEOUT, new_event, wait_until
from tests.support.graphql import GraphQLClient

RECEIVED = "subscription { notificationReceived { id kind title body data actor { id } readAt createdAt } }"
COUNT = "subscription { unreadCountChanged }"


class Socket:
    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection

    async def send(self, message: dict[str, Any]) -> None:
        await self.connection.send(orjson.dumps(message).decode())

    async def receive(self) -> dict[str, Any]:
        raw = await asyncio.wait_for(self.connection.recv(), TIMEOUT)
        message: dict[str, Any] = orjson.loads(raw)
        return message

    async def subscribe(self, operation_id: str, query: str) -> None:
        await self.send({"id": operation_id, "type": "subscribe", "payload": {"query": query}})


@asynccontextmanager
async def connect(url: str, token: str | None) -> AsyncIterator[Socket]:
    ws_url = url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(ws_url, subprotocols=["graphql-transport-ws"]) as connection:  # type: ignore[list-item]
        socket = Socket(connection)
        payload = {} if token is None else {"Authorization": f"Bearer {token}"}
        await socket.send({"type": "connection_init", "payload": payload})
        assert (await socket.receive())["type"] == "connection_ack"
        yield socket


async def listening(redis: Redis, feed: Feed, user_id: str, subscriptions: int) -> None:
    """Until the subgraph serves `subscriptions` of the user over one live Redis subscription."""

    async def ready() -> bool:
        numbers = await redis.pubsub_numsub(user_channel(user_id))
        redis_subscribers = int(numbers[0][1])
        assert redis_subscribers <= 1  # one shared connection per process, not one per client
        return feed.subscriber_count(user_id) == subscriptions and redis_subscribers == 1

    await wait_until(ready)


async def notify(db: Database, redis: Redis, account: Account, **data: Any) -> str:
    """What the worker does for one event: store, then publish."""
    event = new_event("ORDER_PLACED", account.id, actor_id=str(uuid.uuid4()), **data)
    accepted = await accept_event(db, event, hourly_cap=100)
    assert accepted.notification is not None
    assert await publish_if_new(db, redis, accepted.notification)
    return str(accepted.notification.id)


async def test_each_user_receives_their_own_notifications_and_counts(
    notifications_url: str,
    notifications: GraphQLClient,
    notifications_feed: Feed,
    accounts: Accounts,
    notify_db: Database,
    redis: Redis,
) -> None:
    alice, bob = await accounts.register(), await accounts.register()
    async with (
        connect(notifications_url, alice.access) as a,
        connect(notifications_url, bob.access) as b,
    ):
        for socket in (a, b):
            await socket.subscribe("n", RECEIVED)
            await socket.subscribe("c", COUNT)
            first = await socket.receive()  # the current count comes first
            assert first == {
                "id": "c",
                "type": "next",
                "payload": {"data": {"unreadCountChanged": 0}},
            }
        await listening(redis, notifications_feed, alice.id, 2)
        await listening(redis, notifications_feed, bob.id, 2)

        sent = await notify(notify_db, redis, alice, gigTitle="Poster")
        got = {message["id"]: message for message in [await a.receive(), await a.receive()]}
        received = got["n"]["payload"]["data"]["notificationReceived"]
        assert received["id"] == sent and received["kind"] == "ORDER_PLACED"
        assert received["body"].endswith("“Poster”.") and received["actor"]["id"]
        assert received["data"] == {"gigTitle": "Poster"} and received["readAt"] is None
        assert got["c"]["payload"]["data"]["unreadCountChanged"] == 1

        # Bob got nothing of Alice's: his next messages are about his own notification.
        bobs = await notify(notify_db, redis, bob)
        got_b = {message["id"]: message for message in [await b.receive(), await b.receive()]}
        assert got_b["n"]["payload"]["data"]["notificationReceived"]["id"] == bobs
        assert got_b["c"]["payload"]["data"]["unreadCountChanged"] == 1

        # Reading it over HTTP updates Alice's live count.
        await notifications.data(
            "mutation($id: ID!) { markNotificationRead(id: $id) { errors { code } } }",
            {"id": sent},
            token=alice.access,
        )
        assert await a.receive() == {
            "id": "c",
            "type": "next",
            "payload": {"data": {"unreadCountChanged": 0}},
        }

        await a.send({"id": "n", "type": "complete"})
        await a.send({"id": "c", "type": "complete"})

        async def alice_gone() -> bool:  # her channel is given up once nobody listens
            numbers = await redis.pubsub_numsub(user_channel(alice.id))
            return notifications_feed.subscriber_count(alice.id) == 0 and numbers[0][1] == 0

        await wait_until(alice_gone)
        await listening(redis, notifications_feed, bob.id, 2)  # Bob's are unaffected
        third = await notify(notify_db, redis, bob)
        got_b = {message["id"]: message for message in [await b.receive(), await b.receive()]}
        assert got_b["n"]["payload"]["data"]["notificationReceived"]["id"] == third


async def test_subscribing_needs_a_user(notifications_url: str) -> None:
    async with connect(notifications_url, None) as socket:
        await socket.subscribe("1", RECEIVED)
        message = await socket.receive()
        assert message["id"] == "1" and message["type"] in ("next", "error")
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_bad_token_is_refused_at_connection(notifications_url: str) -> None:
    ws_url = notifications_url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(ws_url, subprotocols=["graphql-transport-ws"]) as connection:  # type: ignore[list-item]
        socket = Socket(connection)
        await socket.send({"type": "connection_init", "payload": {"Authorization": "Bearer nope"}})
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await socket.receive()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_token_expiry_ends_the_subscription_with_a_clear_error(
    notifications_url: str, accounts: Accounts
) -> None:
    account = await accounts.register()
    ttl = get_settings().access_token_ttl_seconds
    issued = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=ttl - 2)  # expires in ~2 s
    short = configured_keyring().issue_access_token(uuid.UUID(account.id), [], now=issued)
    async with connect(notifications_url, short.token) as socket:
        await socket.subscribe("c", COUNT)
        assert (await socket.receive())["payload"]["data"]["unreadCountChanged"] == 0
        ended = await socket.receive()
        assert ended["id"] == "c"
        errors = ended["payload"] if ended["type"] == "error" else ended["payload"]["errors"]
        assert errors[0]["extensions"] == {"code": "UNAUTHENTICATED", "reason": "TOKEN_EXPIRED"}
        assert "expired" in errors[0]["message"]
        if ended["type"] == "next":
            assert (await socket.receive()) == {"id": "c", "type": "complete"}


async def test_signing_out_everywhere_ends_the_subscription_within_a_second(
    notifications_url: str,
    notifications_feed: Feed,
    users: GraphQLClient,
    accounts: Accounts,
    notify_db: Database,
    redis: Redis,
) -> None:
    account = await accounts.register()
    async with connect(notifications_url, account.access) as socket:
        await socket.subscribe("n", RECEIVED)
        await listening(redis, notifications_feed, account.id, 1)
        await notify(notify_db, redis, account, gigTitle="Before")
        assert (await socket.receive())["payload"]["data"]["notificationReceived"]["id"]

        data = await users.data("mutation { logoutEverywhere { success } }", token=account.access)
        assert data["logoutEverywhere"]["success"] is True
        signed_out = time.monotonic()

        # Events keep coming; one arriving a second after the sign-out ends the subscription.
        while True:
            await notify(notify_db, redis, account, gigTitle="After")
            message = await socket.receive()
            if message["type"] != "next" or "errors" in message["payload"]:
                break
            assert time.monotonic() - signed_out < 1.0, "still delivering after 1 s"
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert errors[0]["extensions"] == {"code": "UNAUTHENTICATED", "reason": "TOKEN_REVOKED"}
        assert "revoked" in errors[0]["message"]
