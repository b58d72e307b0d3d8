"""Live notifications across replicas and through a Redis restart, every service a process."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from agora.infra.processes import free_port
from agora.infra.redis import EmbeddedRedis
from subgraphs.kit.database import Database
from subgraphs.kit.outbox import OutboxEvent
from subgraphs.notifications.rules.delivery import accept_event, publish_if_new
from tests.e2e.live import LiveClient, live_client, until_listeners
from tests.e2e.processes import Processes
from tests.integration.accounts import Accounts
from tests.support.environment import TestEnvironment

RECEIVED = "subscription { notificationReceived { kind actor { displayName } } }"


async def deliver(db: Database, redis: Redis, recipient: str, actor: str) -> None:
    """What the worker does for one event: store it once, publish it once."""
    event = OutboxEvent(
        id=uuid.uuid4(), kind="ORDER_PLACED", recipient_id=recipient, actor_id=actor
    )
    accepted = await accept_event(db, event, hourly_cap=100)
    assert accepted.notification is not None
    assert await publish_if_new(db, redis, accepted.notification)


async def next_notification(client: LiveClient) -> dict:
    message = await client.receive(within=5)
    assert message["type"] == "next", message
    notification: dict = message["payload"]["data"]["notificationReceived"]
    return notification


@pytest.fixture(scope="module")
def replicas(users_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """Two routers, each over its own notifications process; users is shared."""
    jwks = f"{users_url}/.well-known/jwks.json"
    processes = Processes(
        tmp_path_factory.mktemp("replicas"), AGORA_JWKS_URL=jwks, AGORA_ROUTER_JWKS_URL=jwks
    )
    try:
        routers = [
            processes.router(
                {"users": users_url, "notifications": processes.subgraph("notifications")}
            )
            for _ in range(2)
        ]
        yield routers
    finally:
        processes.stop()


async def test_fan_out_reaches_clients_on_either_router(
    replicas: list[str], accounts: Accounts, test_env: TestEnvironment
) -> None:
    alice = await accounts.register(firstName="Alice")
    bob = await accounts.register(firstName="Bob", lastName="Sender")
    db, redis = Database("notifications"), Redis.from_url(test_env.redis_url)
    try:
        async with (
            live_client(replicas[0], alice.access) as first,
            live_client(replicas[1], alice.access) as second,
        ):
            await first.subscribe("a", RECEIVED)
            await second.subscribe("a", RECEIVED)
            await until_listeners(
                redis, alice.id, lambda count: count >= 2
            )  # one per notifications process
            await deliver(db, redis, alice.id, bob.id)  # published once
            for client in (first, second):
                assert await next_notification(client) == {
                    "kind": "ORDER_PLACED",
                    "actor": {"displayName": "Bob Sender"},
                }
    finally:
        await redis.aclose()
        await db.dispose()


@pytest.fixture
def restartable_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedRedis]:
    # Its own Redis (never the shared one): this test stops and starts it.
    # A fixed port, so that it comes back where the services look for it.
    server = EmbeddedRedis(Path(tmp_path_factory.mktemp("redis", numbered=True)), port=free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop(force=True)


async def test_redis_restart(
    users_url: str,
    accounts: Accounts,
    restartable_redis: EmbeddedRedis,
    tmp_path_factory: pytest.TempPathFactory,
    test_env: TestEnvironment,
) -> None:
    jwks = f"{users_url}/.well-known/jwks.json"
    processes = Processes(
        tmp_path_factory.mktemp("redis-restart"),
        AGORA_JWKS_URL=jwks,
        AGORA_ROUTER_JWKS_URL=jwks,
        AGORA_REDIS_URL=restartable_redis.url,
    )
    alice = await accounts.register(firstName="Alice")
    bob = await accounts.register(firstName="Bob", lastName="Sender")
    db = Database("notifications")
    try:
        router = processes.router(
            {"users": users_url, "notifications": processes.subgraph("notifications")}
        )
        async with live_client(router, alice.access) as client:
            await client.subscribe("a", RECEIVED)
            redis = Redis.from_url(restartable_redis.url)
            await until_listeners(redis, alice.id, lambda count: count >= 1)
            await redis.aclose()
            restartable_redis.stop(force=True)
            # The subscription ends with a clear error instead of going silent.
            message = await client.receive(within=10)
            errors = (
                message["payload"]
                if message["type"] == "error"
                else message["payload"].get("errors")
            )
            assert errors, message
            assert errors[0]["extensions"]["code"] == "SUBSCRIPTION_INTERRUPTED", errors
            assert "Internal server error" not in errors[0]["message"]

            # Queries keep working while Redis is down.
            async with httpx.AsyncClient(base_url=router, timeout=10) as http:
                response = await http.post(
                    "/graphql",
                    json={"query": "{ me { displayName } notifications(first: 5) { totalCount } }"},
                    headers={"authorization": f"Bearer {alice.access}"},
                )
            assert response.status_code == 200
            assert response.json() == {
                "data": {
                    "me": {"displayName": "Alice Lovelace"},
                    "notifications": {"totalCount": 0},
                }
            }

        # Redis is back on the same port: a new subscription works again.
        restartable_redis.start()
        redis = Redis.from_url(restartable_redis.url)
        try:
            async with live_client(router, alice.access) as client:
                await client.subscribe("a", RECEIVED)
                await until_listeners(redis, alice.id, lambda count: count >= 1)
                await deliver(db, redis, alice.id, bob.id)
                assert await next_notification(client) == {
                    "kind": "ORDER_PLACED",
                    "actor": {"displayName": "Bob Sender"},
                }
        finally:
            await redis.aclose()
    finally:
        processes.stop()
        await db.dispose()
