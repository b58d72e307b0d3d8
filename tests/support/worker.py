"""A Celery worker (`celery -A pipeline.worker worker`) as a real process for tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from redis import Redis

from pipeline.worker import QUEUE
from tests.support.environment import REPO_ROOT

READY_TIMEOUT_SECONDS = 60.0
# Off in most tests: they start faster and send nothing but tasks. `options=()` runs the
# worker as compose.yaml and Kubernetes do.
QUIET = ("--without-gossip", "--without-mingle", "--without-heartbeat")


class WorkerProcess:
    """`celery -A pipeline.worker worker` in its own process group (killable as a whole)."""

    def __init__(self, env: dict[str, str], log: Path, options: Sequence[str] = QUIET) -> None:
        self.env = env
        self.log_path = log
        self.options = tuple(options)
        self.process: subprocess.Popen[str] | None = None
        self.lines: list[str] = []
        self._changed = threading.Condition()

    def start(self) -> None:
        self.lines.clear()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "--quiet",  # as deployed: JSON lines only, no banner
                "-A",
                "pipeline.worker",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "2",
                "--loglevel",
                "INFO",
                "--hostname",
                f"test-{uuid.uuid4().hex[:6]}@%h",
                *self.options,
            ],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()
        self.wait_for_line(" ready.", READY_TIMEOUT_SECONDS)

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        with self.log_path.open("a") as log:
            for line in process.stdout:
                log.write(line)
                with self._changed:
                    self.lines.append(line)
                    self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for_line(self, text: str, timeout: float) -> None:
        with self._changed:
            found = self._changed.wait_for(
                lambda: any(text in line for line in self.lines) or not self.alive(), timeout
            )
        if not found or not any(text in line for line in self.lines):
            raise RuntimeError(f"worker: no {text!r} in output: {''.join(self.lines[-30:])}")

    def wait_until_drained(self, redis_url: str, prefix: str, timeout: float) -> None:
        """Until its queue is empty and nothing is held unacknowledged: stopping then leaves
        no task behind for later tests that share the run's Redis prefix."""
        queue, unacked = f"{prefix}celery:{QUEUE}", f"{prefix}celery:unacked"
        deadline = time.monotonic() + timeout
        with Redis.from_url(redis_url) as redis:
            while redis.llen(queue) or redis.hlen(unacked):
                if time.monotonic() > deadline or not self.alive():
                    raise RuntimeError(f"worker: {queue} not drained in {timeout} s")
                with self._changed:  # a log line (a task done) is the likely moment to look
                    self._changed.wait(0.2)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def count(self, text: str) -> int:
        """Output lines so far that contain `text`."""
        with self._changed:
            return sum(text in line for line in self.lines)

    def wait_for_count(self, text: str, count: int, timeout: float) -> None:
        """Until `count` lines contain `text` (fails at once if the worker exits)."""
        with self._changed:
            self._changed.wait_for(
                lambda: sum(text in line for line in self.lines) >= count or not self.alive(),
                timeout,
            )
        if self.count(text) < count:
            state = (
                "alive" if self.alive() else f"exited with {self.process and self.process.poll()}"
            )
            raise RuntimeError(
                f"worker ({state}): {self.count(text)} of {count} {text!r} lines: "
                f"{''.join(self.lines[-40:])}"
            )

    def pause(self) -> None:
        """SIGSTOP to the worker and its pool children: it takes nothing off the queue."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGCONT)

    def kill(self) -> None:
        """SIGKILL to the worker and its pool children: no chance to acknowledge anything."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process is not None and self.alive():
            os.killpg(self.process.pid, signal.SIGCONT)  # a paused worker cannot stop
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
