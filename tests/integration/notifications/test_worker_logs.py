"""The worker as deployed (`celery --quiet ... worker`) writes JSON lines only: no plain-text
banner, and what the banner said (host, concurrency, queues, tasks) in one `worker ready` line;
Python warnings (here Celery's about running as root) are JSON lines too."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.worker import QUEUE
from tests.support.worker import WorkerProcess


def test_every_line_of_the_worker_is_json(worker_env: dict[str, str], tmp_path: Path) -> None:
    worker = WorkerProcess(worker_env, tmp_path / "worker.log")
    worker.start()  # returns once the worker logged that it is ready
    try:
        worker.wait_for_line('"worker ready"', timeout=30)
        lines = [line for line in worker.lines if line.strip()]
    finally:
        # (Celery's own "Warm shutdown" notice, printed from its signal handler where logging
        # is unsafe, is the one plain line it writes, at the very end.)
        worker.stop()
    assert lines
    entries = [json.loads(line) for line in lines]  # each line is one JSON object
    ready = next(entry for entry in entries if entry["msg"] == "worker ready")
    assert ready["concurrency"] == 2
    assert ready["queues"] == [QUEUE]
    assert "agora.deliver_event" in ready["tasks"]
