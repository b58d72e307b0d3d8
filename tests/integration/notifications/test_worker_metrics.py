"""The Celery worker's `/metrics` (AGORA_WORKER_METRICS_PORT), from a real worker process with
a prefork pool: what its pool processes did, added up by its main process."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from pathlib import Path

import httpx

from subgraphs.kit.database import Database
from tests.federation.test_router_metrics import Samples, samples, value
from tests.integration.notifications.conftest import TIMEOUT, new_event, write_outbox
from tests.integration.notifications.test_worker import relay_everything
from tests.support.servers import free_port
from tests.support.worker import WorkerProcess


async def test_tasks_and_events_are_counted_across_pool_processes(
    worker_env: dict[str, str], notify_db: Database, tmp_path: Path
) -> None:
    port = free_port()
    worker = WorkerProcess(
        {**worker_env, "AGORA_WORKER_METRICS_PORT": str(port)}, tmp_path / "w.log"
    )
    worker.start()
    try:
        await write_outbox(notify_db, new_event("ORDER_PLACED", str(uuid.uuid4())))
        assert await relay_everything(notify_db) >= 1
        delivered = "agora_worker_tasks_total"
        found: Samples = {}
        pause = asyncio.Event()  # never set: a bounded pause between scrapes
        async with httpx.AsyncClient(timeout=5) as client, asyncio.timeout(TIMEOUT):
            while value(found, delivered, task="agora.deliver_event", outcome="success") < 1:
                found = samples((await client.get(f"http://127.0.0.1:{port}/metrics")).text)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(pause.wait(), 0.1)
        events = sum(v for (name, _), v in found.items() if name == "agora_worker_events_total")
        assert events >= 1
    finally:
        worker.stop()
