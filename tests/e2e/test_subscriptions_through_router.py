"""Subscriptions through the router: the notifications subgraph streams, users resolves actors."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest
from redis.asyncio import Redis
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from subgraphs.kit.database import Database
from subgraphs.kit.outbox import OutboxEvent
from subgraphs.kit.redis import get_redis
from subgraphs.notifications.rules.delivery import accept_event, publish_if_new
from tests.e2e.conftest import Stack
from tests.e2e.live import live_client, until_listeners
from tests.integration.accounts import Accounts
from tests.integration.test_users_security import signed
from tests.support.environment import TestEnvironment
from tests.support.node_clients import GRAPHQL_SSE

RECEIVED = "subscription { notificationReceived { kind title actor { displayName } } }"
UNREAD = "subscription { unreadCountChanged }"


@pytest.fixture(scope="session")
async def notifications_db() -> AsyncIterator[Database]:
    db = Database("notifications")
    yield db
    await db.dispose()


async def notify(db: Database, recipient: str, actor: str, kind: str = "ORDER_PLACED") -> None:
    """What the worker does for one event: store it, then publish it live."""
    event = OutboxEvent(
        id=uuid.uuid4(),
        kind=kind,
        recipient_id=recipient,
        actor_id=actor,
        data={"orderId": str(uuid.uuid4()), "gigTitle": "Logo design"},
    )
    accepted = await accept_event(db, event, hourly_cap=100)
    assert accepted.notification is not None
    assert await publish_if_new(db, get_redis(), accepted.notification)


async def test_notification_with_actor_resolved_across_subgraphs(
    stack: Stack, accounts: Accounts, notifications_db: Database
) -> None:
    alice = await accounts.register(firstName="Alice")
    bob = await accounts.register(firstName="Bob", lastName="Buyer")
    async with live_client(stack.router_url, alice.access) as client:
        await client.subscribe("n", RECEIVED)
        await client.subscribe("u", UNREAD)
        first_count = await client.receive()
        assert first_count == {
            "id": "u",
            "type": "next",
            "payload": {"data": {"unreadCountChanged": 0}},
        }
        await notify(notifications_db, alice.id, bob.id)
        received: dict[str, dict[str, Any]] = {}
        while len(received) < 2:
            message = await client.receive(within=2.0)
            received[message["id"]] = message
        notification = received["n"]["payload"]["data"]["notificationReceived"]
        assert notification["kind"] == "ORDER_PLACED"
        assert notification["actor"] == {"displayName": "Bob Buyer"}
        assert notification["title"]
        assert received["u"]["payload"] == {"data": {"unreadCountChanged": 1}}


async def test_only_my_own_notifications(
    stack: Stack, accounts: Accounts, notifications_db: Database
) -> None:
    alice, bob = await accounts.register(), await accounts.register()
    async with live_client(stack.router_url, alice.access) as client:
        await client.subscribe("n", RECEIVED)
        await notify(notifications_db, bob.id, alice.id)  # Bob's, not Alice's
        await notify(notifications_db, alice.id, bob.id)
        message = await client.receive(within=2.0)
        assert (
            message["payload"]["data"]["notificationReceived"]["actor"]["displayName"]
            == "Ada Lovelace"
        )
        with pytest.raises(TimeoutError):
            await client.receive(within=0.5)


async def test_client_complete_stops_the_stream(
    stack: Stack, accounts: Accounts, notifications_db: Database
) -> None:
    alice, bob = await accounts.register(), await accounts.register()
    async with live_client(stack.router_url, alice.access) as client:
        await client.subscribe("n", RECEIVED)
        await client.subscribe("u", UNREAD)
        assert (await client.receive())["id"] == "u"  # the upstream is live
        await client.send({"id": "n", "type": "complete"})
        await notify(notifications_db, alice.id, bob.id)
        message = await client.receive(within=2.0)
        assert message["id"] == "u"  # the completed operation sends nothing more
        with pytest.raises(TimeoutError):
            await client.receive(within=0.5)


async def test_token_expiry_ends_the_subscription(stack: Stack, accounts: Accounts) -> None:
    alice = await accounts.register()
    short_lived = signed(
        alice.id, roles=[], exp=int(asyncio.get_running_loop().time() * 0) + _now() + 2
    )
    async with live_client(stack.router_url, short_lived) as client:
        await client.subscribe("n", RECEIVED)
        message = await client.receive(within=5.0)
        assert message["type"] == "error" and message["id"] == "n"
        assert message["payload"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def _now() -> int:
    return int(time.time())


async def test_invalid_token_is_refused_at_connection_init(
    stack: Stack, accounts: Accounts
) -> None:
    alice = await accounts.register()
    url = "ws://" + stack.router_url.removeprefix("http://") + "/graphql"
    async with connect(url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        bad = signed(alice.id, exp=_now() - 10)
        await socket.send(
            orjson.dumps(
                {"type": "connection_init", "payload": {"Authorization": f"Bearer {bad}"}}
            ).decode()
        )
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), 5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


@pytest.mark.parametrize(
    "frame",
    [b"\x00binary", "not json", "[1, 2]", '{"type": "connection_init"} trailing'],
    ids=["binary", "not JSON", "not an object", "trailing bytes"],
)
@pytest.mark.parametrize("after_init", [False, True], ids=["first frame", "after init"])
async def test_frames_that_are_not_messages_close_with_4400(
    stack: Stack, frame: bytes | str, after_init: bool
) -> None:
    url = "ws://" + stack.router_url.removeprefix("http://") + "/graphql"
    async with connect(url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        if after_init:
            await socket.send(orjson.dumps({"type": "connection_init"}).decode())
            assert orjson.loads(await asyncio.wait_for(socket.recv(), 5)) == {
                "type": "connection_ack"
            }
        await socket.send(frame)
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), 5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4400
    async with httpx.AsyncClient(base_url=stack.router_url) as client:  # the router lives on
        assert (await client.get("/health")).status_code == 200


async def test_subscribing_without_a_token_is_an_error(stack: Stack) -> None:
    async with live_client(stack.router_url, None) as client:
        await client.subscribe("n", RECEIVED)
        message = await client.receive()
        assert message["type"] == "next" and message["payload"]["data"] is None
        assert message["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert await client.receive() == {"id": "n", "type": "complete"}


async def test_sse_stream(stack: Stack, accounts: Accounts, notifications_db: Database) -> None:
    alice, bob = await accounts.register(), await accounts.register(firstName="Sse")
    headers = {"authorization": f"Bearer {alice.access}", "accept": "text/event-stream"}
    async with (
        httpx.AsyncClient(base_url=stack.router_url, timeout=10) as http,
        http.stream("POST", "/graphql", json={"query": UNREAD}, headers=headers) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = response.aiter_lines()

        async def next_event() -> dict:
            event, data = None, None
            while True:
                line = await asyncio.wait_for(anext(lines), 5)
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    data = orjson.loads(line[6:])
                elif line == "" and event:
                    return {"event": event, "data": data}

        assert await next_event() == {"event": "next", "data": {"data": {"unreadCountChanged": 0}}}
        await notify(notifications_db, alice.id, bob.id)
        assert await next_event() == {"event": "next", "data": {"data": {"unreadCountChanged": 1}}}


async def test_queries_work_over_the_websocket_too(stack: Stack, accounts: Accounts) -> None:
    alice = await accounts.register(firstName="Wsq")
    async with live_client(stack.router_url, alice.access) as client:
        await client.subscribe("q", "{ me { displayName } }")
        assert (await client.receive()) == {
            "id": "q",
            "type": "next",
            "payload": {"data": {"me": {"displayName": "Wsq Lovelace"}}},
        }
        assert (await client.receive()) == {"id": "q", "type": "complete"}


async def test_a_closed_client_closes_the_upstream(
    stack: Stack, accounts: Accounts, test_env: TestEnvironment
) -> None:
    alice = await accounts.register()
    redis = Redis.from_url(test_env.redis_url)
    try:
        async with live_client(stack.router_url, alice.access) as client:
            await client.subscribe("n", RECEIVED)
            await until_listeners(
                redis, alice.id, lambda count: count == 1
            )  # router -> subgraph -> Redis
        await until_listeners(
            redis, alice.id, lambda count: count == 0
        )  # the client went away: so did the upstream
    finally:
        await redis.aclose()


@pytest.mark.timeout(300)  # the first run installs graphql-sse from npm
async def test_graphql_sse_client_in_single_connection_mode(
    stack: Stack, accounts: Accounts, notifications_db: Database, test_env: TestEnvironment
) -> None:
    """The stock graphql-sse client (npm, run by Node) with `singleConnection: true`: it
    reserves a stream (PUT), opens it (GET with the token), POSTs the subscription, gets its
    events, and on unsubscribing DELETEs the operation, which ends the upstream too."""
    alice, bob = await accounts.register(), await accounts.register(firstName="Single")
    script = await asyncio.to_thread(GRAPHQL_SSE.installed)
    url = f"{stack.router_url}/graphql"
    node = await asyncio.create_subprocess_exec(
        "node", str(script), url, alice.access, UNREAD, "2",
        cwd=script.parent, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    redis = Redis.from_url(test_env.redis_url)
    try:
        assert node.stdout is not None

        async def next_line() -> dict[str, Any]:
            line = await asyncio.wait_for(node.stdout.readline(), 20)  # type: ignore[union-attr]
            assert line, (await node.stderr.read()).decode()  # type: ignore[union-attr]
            result: dict[str, Any] = orjson.loads(line)
            return result

        assert await next_line() == {"data": {"unreadCountChanged": 0}}
        await notify(notifications_db, alice.id, bob.id)
        assert await next_line() == {"data": {"unreadCountChanged": 1}}
        assert await next_line() == {"done": True}
        assert await asyncio.wait_for(node.wait(), 20) == 0
        # The DELETE (and the closed stream) ended the subscription at the subgraph.
        await until_listeners(redis, alice.id, lambda count: count == 0)
    finally:
        if node.returncode is None:
            node.kill()
            await node.wait()
        await redis.aclose()
