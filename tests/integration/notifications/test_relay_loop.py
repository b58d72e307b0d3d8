"""The relay as a running loop and as a command: wake-ups, stopping, pruning, `agora relay`."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import os
import smtplib
import sys
import uuid
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from prometheus_client import REGISTRY
from redis.asyncio import Redis
from sqlalchemy import func, select, text, update

from agora.subgraphs import available_subgraphs
from pipeline.heartbeat import Heartbeat
from pipeline.notify.settings import get_notify_settings
from pipeline.relay import prune_sent, relay_once, run_relay
from pipeline.relay_metrics import measure_outbox
from pipeline.relay_wakeup import outbox_notifications
from pipeline.worker import QUEUE
from subgraphs.kit.database import Database
from subgraphs.kit.outbox import OutboxEvent
from subgraphs.notifications.models import Outbox
from tests.integration.notifications.conftest import TIMEOUT, new_event, write_outbox
from tests.support.environment import REPO_ROOT
from tests.support.servers import free_port


async def drain(db: Database) -> None:
    while await relay_once(db, lambda event: None, batch_size=1000):
        pass


async def test_a_committed_outbox_row_wakes_the_relay_at_once(notify_db: Database) -> None:
    await drain(notify_db)
    event = new_event("ORDER_PLACED", str(uuid.uuid4()))
    published = asyncio.Event()
    seen: list[uuid.UUID] = []
    loop = asyncio.get_running_loop()

    def publish(outbox_event: OutboxEvent) -> None:  # called from the relay's thread
        seen.append(outbox_event.id)
        loop.call_soon_threadsafe(published.set)

    stop = asyncio.Event()
    async with outbox_notifications([notify_db]) as wake:
        # Polling every hour: only the NOTIFY can make it publish within the timeout.
        relay = asyncio.create_task(run_relay([notify_db], publish, stop, interval=3600, wake=wake))
        try:
            await write_outbox(notify_db, event)
            await asyncio.wait_for(published.wait(), TIMEOUT)
        finally:
            stop.set()
            moved = await asyncio.wait_for(relay, TIMEOUT)  # stopping ends the loop promptly
    assert seen == [event.id] and moved == 1


async def test_the_loop_reconciles_every_so_often(notify_db: Database) -> None:
    passes: list[float] = []
    enough = asyncio.Event()

    async def reconcile() -> None:
        passes.append(asyncio.get_running_loop().time())
        if len(passes) == 3:
            enough.set()

    stop = asyncio.Event()
    relay = asyncio.create_task(
        run_relay(
            [notify_db], lambda e: None, stop, interval=0.01, reconcile=reconcile,
            reconcile_every=0.1,
        )
    )  # fmt: skip
    try:
        await asyncio.wait_for(enough.wait(), TIMEOUT)
    finally:
        stop.set()
        await asyncio.wait_for(relay, TIMEOUT)
    gaps = [later - earlier for earlier, later in itertools.pairwise(passes)]
    assert all(gap >= 0.09 for gap in gaps), gaps  # every 0.1 s, not on every 0.01 s pass


async def test_the_loop_beats_while_it_turns_and_agora_alive_reads_it(
    notify_db: Database, tmp_path: Path
) -> None:
    beat = tmp_path / "relay-alive"
    stop = asyncio.Event()
    beaten = asyncio.Event()

    class Watched(Heartbeat):
        def beat(self) -> None:
            super().beat()
            beaten.set()

    heartbeat = Watched(beat, every=0.0)
    relay = asyncio.create_task(
        run_relay([notify_db], lambda e: None, stop, interval=0.01, heartbeat=heartbeat)
    )
    try:
        await asyncio.wait_for(beaten.wait(), TIMEOUT)
    finally:
        stop.set()
        await asyncio.wait_for(relay, TIMEOUT)
    assert beat.exists()

    async def alive(*within: str) -> tuple[int, str]:
        command = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "agora.cli", "alive", str(beat), *within,
            cwd=REPO_ROOT, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _, error = await asyncio.wait_for(command.communicate(), 60)
        assert command.returncode is not None
        return command.returncode, error.decode()

    assert await alive() == (0, "")
    os.utime(beat, (0, 0))  # a loop that stopped turning long ago
    code, message = await alive("--within", "60")
    assert code == 1 and "not alive: last heartbeat" in message
    beat.unlink()
    code, message = await alive()
    assert code == 1 and "no heartbeat at" in message


def measured(name: str) -> float:
    value = REGISTRY.get_sample_value(name, {"database": "notifications"})
    assert value is not None, f"{name} was never measured"
    return value


async def test_outbox_pending_and_lag_are_measured(notify_db: Database) -> None:
    await drain(notify_db)
    await measure_outbox([notify_db])
    assert measured("agora_outbox_pending") == measured("agora_outbox_lag_seconds") == 0
    await write_outbox(notify_db, *(new_event("ORDER_PLACED", str(uuid.uuid4())) for _ in range(2)))
    async with notify_db.session() as session:  # as if written a minute ago
        await session.execute(
            update(Outbox)
            .where(Outbox.sent_at.is_(None))
            .values(created_at=func.now() - dt.timedelta(minutes=1))
        )
        await session.commit()
    await measure_outbox([notify_db])
    assert measured("agora_outbox_pending") == 2
    assert 60 <= measured("agora_outbox_lag_seconds") < 120
    await drain(notify_db)


async def test_agora_relay_serves_its_metrics(notify_db: Database, redis: Redis) -> None:
    port = free_port()
    prefix = f"{get_notify_settings().redis_prefix}{uuid.uuid4().hex}:"
    relay = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "agora.cli", "relay", "notifications", "--metrics-port", str(port),
        cwd=REPO_ROOT, env={**os.environ, "AGORA_REDIS_PREFIX": prefix},
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        lag = 'agora_outbox_lag_seconds{database="notifications"}'
        scraped = ""
        pause = asyncio.Event()  # never set: a bounded pause between attempts
        async with httpx.AsyncClient(timeout=5) as client, asyncio.timeout(TIMEOUT):
            while lag not in scraped:  # until the relay is up and has measured
                try:
                    scraped = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
                except httpx.TransportError:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(pause.wait(), 0.1)
        assert 'agora_outbox_pending{database="notifications"}' in scraped
    finally:
        relay.terminate()
        await asyncio.wait_for(relay.wait(), TIMEOUT)
        keys = [key async for key in redis.scan_iter(f"{prefix}*")]
        if keys:
            await redis.delete(*keys)


@pytest.mark.parametrize("subgraph", available_subgraphs())
async def test_every_database_announces_committed_outbox_rows(subgraph: str) -> None:
    db = Database(subgraph)
    try:
        async with outbox_notifications([db]) as wake:
            wake.clear()
            async with db.session() as session, session.begin():
                # Inserted and removed in one transaction: the NOTIFY still goes out at
                # commit (the trigger fired), and no row is left for other tests' relays.
                row = {"id": uuid.uuid4(), "kind": "WAKE_TEST", "recipient": "nobody"}
                await session.execute(
                    text(
                        "INSERT INTO outbox (id, kind, recipient_id, data)"
                        " VALUES (:id, :kind, :recipient, '{}')"
                    ),
                    row,
                )
                await session.execute(text("DELETE FROM outbox WHERE id = :id"), row)
                assert not wake.is_set()  # nothing before the commit
            await asyncio.wait_for(wake.wait(), TIMEOUT)
    finally:
        await db.dispose()


async def test_sent_rows_are_pruned_after_a_week(notify_db: Database) -> None:
    await drain(notify_db)
    old, recent, unsent = (new_event("GIG_APPROVED", str(uuid.uuid4())) for _ in range(3))
    await write_outbox(notify_db, old, recent)
    await drain(notify_db)
    await write_outbox(notify_db, unsent)
    async with notify_db.session() as session, session.begin():
        await session.execute(
            update(Outbox)
            .where(Outbox.id == old.id)
            .values(sent_at=func.now() - dt.timedelta(days=8))
        )
    assert await prune_sent(notify_db, dt.timedelta(days=7)) >= 1
    async with notify_db.session() as session:
        left = set((await session.execute(select(Outbox.id))).scalars())
    assert old.id not in left and {recent.id, unsent.id} <= left


async def test_agora_relay_once_command(notify_db: Database, redis: Redis) -> None:
    await drain(notify_db)
    events = [new_event("ORDER_PLACED", str(uuid.uuid4())) for _ in range(2)]
    await write_outbox(notify_db, *events)
    # A queue of this test's own: no other test's relay or worker can add to it or drain it.
    prefix = f"{get_notify_settings().redis_prefix}{uuid.uuid4().hex}:"
    queue = f"{prefix}celery:{QUEUE}"
    try:
        command = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "agora.cli", "relay", "notifications", "--once",
            cwd=REPO_ROOT, env={**os.environ, "AGORA_REDIS_PREFIX": prefix},
            stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        output, _ = await asyncio.wait_for(command.communicate(), 60)
        assert command.returncode == 0
        assert output.decode().strip() == "relayed 2 event(s)"
        assert await redis.llen(queue) == 2
    finally:
        await redis.delete(queue)
    async with notify_db.session() as session:
        rows = await session.execute(
            select(Outbox.sent_at).where(Outbox.id.in_([e.id for e in events]))
        )
        assert all(sent is not None for sent in rows.scalars())


async def test_agora_smtp_sink_command_keeps_mails_as_files(tmp_path: Path) -> None:
    port = free_port()
    sink = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "agora.cli", "smtp-sink", "--port", str(port), "--dir", str(tmp_path),
        cwd=REPO_ROOT, env=dict(os.environ), stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert sink.stdout is not None
    try:
        ready = await asyncio.wait_for(sink.stdout.readline(), TIMEOUT)
        assert f"listening on 127.0.0.1:{port}" in ready.decode()
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "a@agora.test", "b@agora.test", "Hi"
        message.set_content("hello from the test")
        await asyncio.to_thread(_send, port, message)
        stored = await asyncio.wait_for(sink.stdout.readline(), TIMEOUT)
        path = Path(stored.decode().rsplit(" -> ", 1)[1].strip())
        content = await asyncio.to_thread(path.read_bytes)
        assert path.parent == tmp_path and b"hello from the test" in content
    finally:
        sink.terminate()
        await asyncio.wait_for(sink.wait(), TIMEOUT)


def _send(port: int, message: EmailMessage) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=TIMEOUT) as client:
        client.send_message(message)
