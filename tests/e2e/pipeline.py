"""The event pipeline as processes: `agora relay` and a Celery worker, as production runs them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.environment import REPO_ROOT, TestEnvironment
from tests.support.worker import WorkerProcess

DRAIN_TIMEOUT_SECONDS = 60.0


@contextmanager
def relay_and_worker(
    env: dict[str, str], smtp_port: int, test_env: TestEnvironment, workdir: Path
) -> Iterator[WorkerProcess]:
    """Both running on this run's databases and Redis, mail to the sink on `smtp_port`; at the
    end the worker drains what it was given before it stops."""
    env = {
        **env,
        "AGORA_SMTP_HOST": "127.0.0.1",
        "AGORA_SMTP_PORT": str(smtp_port),
        "PYTHONUNBUFFERED": "1",
    }
    worker = WorkerProcess(env, workdir / "worker.log")
    worker.start()
    log = (workdir / "relay.log").open("w")
    relay = subprocess.Popen(
        [sys.executable, "-m", "agora.cli", "relay", "--interval", "0.5"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield worker
    finally:
        relay.terminate()
        relay.wait(timeout=20)
        log.close()
        try:
            worker.wait_until_drained(
                test_env.redis_url, test_env.redis_prefix, DRAIN_TIMEOUT_SECONDS
            )
        finally:
            worker.stop()
