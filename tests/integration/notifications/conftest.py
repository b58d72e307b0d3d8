"""Fixtures: the notifications subgraph over real HTTP/WebSocket, its database on the test's
loop, Redis, an SMTP sink on loopback, and a real Celery worker process."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import suppress
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from agora.smtp_sink import MailSink, start_sink
from common.auth import TokenVerifier
from subgraphs.kit.database import Database
from subgraphs.kit.outbox import OutboxEvent
from subgraphs.notifications.app import create_app
from subgraphs.notifications.models import Outbox
from subgraphs.notifications.rules.feed import Feed
from tests.support.environment import TestEnvironment
from tests.support.graphql import GraphQLClient
from tests.support.servers import serve
from tests.support.worker import WorkerProcess

TIMEOUT = 10.0


@pytest.fixture(scope="session")
def notifications_db() -> Database:
    return Database("notifications")


@pytest.fixture(scope="session")
def notifications_feed() -> Feed:
    """The served app's live feed (it lives on the server's loop; tests only read counts)."""
    return Feed()


@pytest.fixture(scope="session")
def notifications_url(
    notifications_db: Database, users_verifier: TokenVerifier, notifications_feed: Feed
) -> Iterator[str]:
    app = create_app(db=notifications_db, verifier=users_verifier, feed=notifications_feed)
    with serve(app) as url:
        yield url


@pytest.fixture
async def notifications(notifications_url: str) -> AsyncIterator[GraphQLClient]:
    async with httpx.AsyncClient(base_url=notifications_url, timeout=30) as http:
        yield GraphQLClient(http)


@pytest.fixture(scope="session")
async def notify_db() -> AsyncIterator[Database]:
    """The notifications database on the test's own event loop."""
    db = Database("notifications")
    yield db
    await db.dispose()


@pytest.fixture(scope="session")
async def redis(test_env: TestEnvironment) -> AsyncIterator[Redis]:
    client = Redis.from_url(test_env.redis_url)
    yield client
    await client.aclose()


def new_event(kind: str, recipient_id: str, **data: Any) -> OutboxEvent:
    actor = data.pop("actor_id", None)
    return OutboxEvent(
        id=uuid.uuid4(), kind=kind, recipient_id=recipient_id, actor_id=actor, data=data
    )


async def write_outbox(db: Database, *events: OutboxEvent) -> None:
    """Events as another subgraph would write them (here: the notifications outbox), one
    transaction each, so each gets its own `created_at` (now() is the transaction's time)."""
    for event in events:
        async with db.session() as session, session.begin():
            session.add(
                Outbox(
                    id=event.id,
                    kind=event.kind,
                    recipient_id=event.recipient_id,
                    actor_id=event.actor_id,
                    data=event.data,
                )
            )


@pytest.fixture(scope="module")
def mail_sink(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, MailSink]]:
    controller, sink = start_sink(tmp_path_factory.mktemp("mail"))
    try:
        yield controller.port, sink
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def worker_env(mail_sink: tuple[int, MailSink]) -> dict[str, str]:
    port, _ = mail_sink
    return {
        **os.environ,
        "AGORA_SMTP_HOST": "127.0.0.1",
        "AGORA_SMTP_PORT": str(port),
        "AGORA_EMAIL_RETRY_BASE_SECONDS": "0.2",
        "AGORA_EMAIL_RETRY_MAX_SECONDS": "1",
        "AGORA_CELERY_VISIBILITY_TIMEOUT": "3",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture(scope="module")
def worker(
    worker_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerProcess]:
    process = WorkerProcess(worker_env, tmp_path_factory.mktemp("worker") / "worker.log")
    process.start()
    try:
        yield process
    finally:
        process.stop()


async def wait_until(check: Callable[[], Awaitable[bool]], within: float = TIMEOUT) -> None:
    """Re-checks `check` (cheap) until it holds; fails after `within` seconds."""
    deadline = time.monotonic() + within
    never = asyncio.Event()
    while not await check():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        with suppress(TimeoutError):
            await asyncio.wait_for(never.wait(), 0.02)
