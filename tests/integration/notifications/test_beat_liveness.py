"""Celery beat as compose and Kubernetes run it: it ticks, touching its heartbeat file, and its
log lines are JSON; `agora alive` then says it is alive."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import orjson

from agora.infra.processes import wait_until
from tests.support.environment import REPO_ROOT

TIMEOUT_SECONDS = 60.0


def test_beat_beats_and_logs_json(tmp_path: Path) -> None:
    heartbeat = tmp_path / "beat-alive"
    env = {
        **os.environ,
        "AGORA_BEAT_HEARTBEAT_FILE": str(heartbeat),
        "AGORA_REDIS_PREFIX": f"test-{uuid.uuid4().hex[:8]}:",  # sends nothing to other tests
    }
    log = tmp_path / "beat.log"
    with log.open("w") as out:
        beat = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "pipeline.worker", "beat", "--loglevel", "INFO",
             "--schedule", str(tmp_path / "schedule")],
            cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_until(heartbeat.exists, TIMEOUT_SECONDS, "beat's first tick")
        alive = subprocess.run(
            [sys.executable, "-m", "agora.cli", "alive", str(heartbeat), "--within", "60"],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
        )  # fmt: skip
        assert alive.returncode == 0, alive.stderr
    finally:
        beat.terminate()
        beat.wait(timeout=TIMEOUT_SECONDS)
    lines = [line for line in log.read_text().splitlines() if line.startswith("{")]
    assert any(orjson.loads(line)["msg"] == "beat: Starting..." for line in lines), lines
