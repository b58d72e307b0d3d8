"""Losing Redis, for real: a redis-server of this test's own (killed with SIGKILL, started
again on its port), `agora relay` and a Celery worker run as in production (gossip, mingle and
heartbeat on), PostgreSQL as everywhere else.

Redis dies with 20 tasks queued and two ETA tasks held unacknowledged by the worker (what made
the worker exit before pipeline.broker). Without persistence the queue is gone when Redis comes
back, so only the relay's reconciler can bring those events back; with the append-only file
(as `agora dev` runs Redis) the queue comes back too, and the reconciler's copies must not
duplicate anything.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from agora.infra.processes import free_port
from agora.infra.redis import EmbeddedRedis
from agora.smtp_sink import MailSink
from pipeline.notify.settings import NotifySettings
from pipeline.worker import QUEUE, make_app
from subgraphs.kit.database import Database
from subgraphs.kit.transactions import in_transaction
from subgraphs.notifications.models import Notification, Outbox, ReceivedEvent
from subgraphs.notifications.rules.preferences import Preferences, update_preferences
from tests.integration.notifications.conftest import new_event, wait_until, write_outbox
from tests.integration.notifications.test_relay_reconcile import settle
from tests.support.environment import REPO_ROOT
from tests.support.worker import WorkerProcess

CONFIRM_TIMEOUT = "2"  # seconds: the relay re-sends what is not stored by then
EVENTS = 20
KILLS = 3
# Generous: on a loaded machine noticing a dead Redis takes a socket timeout (15 s) and more.
STEP_TIMEOUT = 60.0
DELIVERY_TIMEOUT = 40.0


class Pipeline:
    """Our own Redis, a worker and `agora relay notifications`, all pointed at that Redis."""

    def __init__(self, workdir: Path, append_only: bool, smtp_port: int) -> None:
        self.redis_dir, self.port, self.append_only = workdir / "redis", free_port(), append_only
        self.redis = EmbeddedRedis(self.redis_dir, port=self.port, append_only=append_only)
        self.url = self.redis.start()
        self.prefix = f"agora-redis-loss-{uuid.uuid4().hex[:8]}:"
        self.env = {
            **os.environ,
            "AGORA_REDIS_URL": self.url,
            "AGORA_REDIS_PREFIX": self.prefix,
            "AGORA_SMTP_HOST": "127.0.0.1",
            "AGORA_SMTP_PORT": str(smtp_port),
            "PYTHONUNBUFFERED": "1",
        }
        self.worker = WorkerProcess(self.env, workdir / "worker.log", options=())
        self.relay_log = (workdir / "relay.log").open("w")
        self.relay: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.worker.start()
        relay = ["relay", "notifications", "--confirm-timeout", CONFIRM_TIMEOUT]
        self.relay = subprocess.Popen(
            [sys.executable, "-m", "agora.cli", *relay],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=self.relay_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def queued(self) -> int:
        with Redis.from_url(self.url) as client:
            return int(client.llen(f"{self.prefix}celery:{QUEUE}"))

    def kill_redis(self) -> None:
        process = self.redis._process
        assert process is not None
        process.send_signal(signal.SIGKILL)  # no shutdown, no final write
        process.wait(timeout=10)
        self.redis.stop()  # forgets the dead server

    def restart_redis(self) -> None:
        self.redis = EmbeddedRedis(self.redis_dir, port=self.port, append_only=self.append_only)
        assert self.redis.start() == self.url

    def stop(self) -> None:
        try:
            if self.relay is not None:
                self.relay.terminate()
                self.relay.wait(timeout=20)
            self.worker.stop()
        finally:
            self.relay_log.close()
            self.redis.stop(force=True)


@pytest.fixture(params=[False, True], ids=["queue-lost", "append-only"])
def pipeline(
    request: pytest.FixtureRequest, tmp_path: Path, mail_sink: tuple[int, MailSink]
) -> Iterator[Pipeline]:
    running = Pipeline(tmp_path, append_only=request.param, smtp_port=mail_sink[0])
    try:
        yield running
    finally:
        running.stop()


async def in_app_only(db: Database, users: list[str]) -> None:
    for user in users:  # this test counts notifications, not mails

        async def no_email(session: AsyncSession, user: str = user) -> Preferences:
            return await update_preferences(session, user, {"email": False})

        await in_transaction(db, no_email)


async def count(db: Database, statement: Select[int]) -> int:
    async with db.session() as session:
        return int((await session.execute(statement)).scalar_one())


async def test_redis_killed_with_20_tasks_queued_then_restarted(
    pipeline: Pipeline, notify_db: Database
) -> None:
    await settle(notify_db)
    users = [str(uuid.uuid4()) for _ in range(4)]
    await in_app_only(notify_db, users)
    events = [new_event("ORDER_PLACED", users[n % 4], n=n) for n in range(EVENTS)]
    ids = [event.id for event in events]
    stored = select(func.count()).where(Notification.recipient_id.in_(users))
    sent = select(func.count()).where(Outbox.id.in_(ids), Outbox.sent_at.is_not(None))
    confirmed = select(func.count()).where(Outbox.id.in_(ids), Outbox.confirmed_at.is_not(None))

    pipeline.start()
    # Two tasks waiting for their ETA: the worker holds them unacknowledged.
    app = make_app(NotifySettings(redis_url=pipeline.url, redis_prefix=pipeline.prefix))
    for _ in range(2):
        app.send_task("agora.cleanup_notifications", countdown=600)
    app.close()
    pipeline.worker.wait_for_count("Task agora.cleanup_notifications[", 2, STEP_TIMEOUT)

    pipeline.worker.pause()  # the queue fills while it takes nothing
    await write_outbox(notify_db, *events)

    async def all_sent() -> bool:
        return await count(notify_db, sent) == EVENTS

    await wait_until(all_sent, STEP_TIMEOUT)
    # At most one message sits in the paused worker's socket, taken off the list already.
    assert pipeline.queued() >= EVENTS - 1
    pipeline.kill_redis()
    # The worker finds Redis gone (this is where it used to exit), and is paused again
    # while it waits to reconnect, so that the queue can be looked at before it drains it.
    pipeline.worker.resume()
    pipeline.worker.wait_for_count("Connection to broker lost", 1, STEP_TIMEOUT)
    pipeline.worker.pause()
    pipeline.restart_redis()
    if pipeline.append_only:
        assert pipeline.queued() >= EVENTS - 1  # the append-only file had the queue
    else:
        assert pipeline.queued() == 0  # everything queued is gone: as in the issue
    assert await count(notify_db, stored) == 0
    pipeline.worker.resume()

    async def all_stored() -> bool:
        return await count(notify_db, stored) == EVENTS

    async def all_confirmed() -> bool:
        return await count(notify_db, confirmed) == EVENTS

    await wait_until(all_stored, DELIVERY_TIMEOUT)
    await wait_until(all_confirmed, DELIVERY_TIMEOUT)  # the relay saw them in the ledger
    assert pipeline.worker.alive()
    assert pipeline.worker.count("Connected to") >= 2  # it reconnected to the new server

    # Delivered after the restart: one more event goes all the way through.
    late = new_event("ORDER_PLACED", users[0], n=EVENTS)
    await write_outbox(notify_db, late)

    async def late_stored() -> bool:
        return await count(notify_db, stored) == EVENTS + 1

    await wait_until(late_stored, STEP_TIMEOUT)
    # No duplicates: one notification and one ledger row per event, though the
    # reconciler may have published some of them twice.
    async with notify_db.session() as session:
        per_event = await session.execute(
            select(Notification.event_id, func.count())
            .where(Notification.recipient_id.in_(users))
            .group_by(Notification.event_id)
        )
        counts = dict(per_event.all())
    assert set(counts) == {*ids, late.id} and set(counts.values()) == {1}
    ledger = select(func.count()).where(ReceivedEvent.event_id.in_([*ids, late.id]))
    assert await count(notify_db, ledger) == EVENTS + 1


@pytest.fixture
def volatile(tmp_path: Path, mail_sink: tuple[int, MailSink]) -> Iterator[Pipeline]:
    running = Pipeline(tmp_path, append_only=False, smtp_port=mail_sink[0])
    try:
        yield running
    finally:
        running.stop()


async def test_the_worker_outlives_redis_while_holding_tasks(
    volatile: Pipeline, notify_db: Database
) -> None:
    """The exit seen in 1 of 3 kills: Redis goes while the worker holds unacknowledged
    messages, and stays away long enough for the worker to find out. Which of its sockets
    reports the loss first decides whether the old code died, so Redis dies three times."""
    await settle(notify_db)
    user = str(uuid.uuid4())
    await in_app_only(notify_db, [user])
    volatile.start()
    for kill in range(1, KILLS + 1):
        app = make_app(NotifySettings(redis_url=volatile.url, redis_prefix=volatile.prefix))
        for _ in range(2):
            app.send_task("agora.cleanup_notifications", countdown=600)
        app.close()
        volatile.worker.wait_for_count("Task agora.cleanup_notifications[", 2 * kill, STEP_TIMEOUT)

        volatile.kill_redis()
        # Its first reconnection failed: it has been through the close that used to end it.
        volatile.worker.wait_for_count("Cannot connect to", kill, STEP_TIMEOUT)
        assert volatile.worker.alive()
        volatile.restart_redis()
        volatile.worker.wait_for_count("Connected to", kill + 1, STEP_TIMEOUT)
        assert volatile.worker.alive()

    event = new_event("ORDER_PLACED", user)
    await write_outbox(notify_db, event)
    mine = select(func.count()).where(Notification.event_id == event.id)

    async def delivered() -> bool:
        return await count(notify_db, mine) == 1

    await wait_until(delivered, STEP_TIMEOUT)
