"""The supervisor of `agora dev`, with real child processes serving /health."""

from __future__ import annotations

import io
import os
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from agora.infra.processes import free_port, pid_alive, wait_until
from agora.infra.supervisor import ChildExited, Interrupted, Supervisor

FAKE_SERVICE = r"""
import http.server, signal, subprocess, sys

port, pid_file, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
if mode == "ignore-term":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
if mode == "exit":
    print("giving up", flush=True)
    sys.exit(3)
# A grandchild in the same process group, as uvicorn or Celery would have.
grandchild = subprocess.Popen([sys.executable, "-c", "import signal; signal.pause()"])
open(pid_file, "w").write(str(grandchild.pid))

class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/health" else 404)
        self.end_headers()
    def log_message(self, *args):
        pass

print(f"serving on {port}", flush=True)
http.server.HTTPServer(("127.0.0.1", port), Health).serve_forever()
"""


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "fake_service.py").write_text(FAKE_SERVICE)
    return tmp_path


@pytest.fixture
def supervisor(workdir: Path) -> Iterator[Supervisor]:
    supervisor = Supervisor(dict(os.environ), cwd=workdir, out=io.StringIO())
    yield supervisor
    supervisor.stop_all(timeout=2)


def start_fake(supervisor: Supervisor, name: str, mode: str = "serve") -> tuple[int, Path]:
    port = free_port()
    pid_file = supervisor.cwd / f"{name}.grandchild"
    supervisor.start(name, [sys.executable, "fake_service.py", str(port), str(pid_file), mode])
    return port, pid_file


def output(supervisor: Supervisor) -> str:
    assert isinstance(supervisor.out, io.StringIO)
    return supervisor.out.getvalue()


def test_stop_all_terminates_children_and_their_process_groups(supervisor: Supervisor) -> None:
    started = [start_fake(supervisor, name) for name in ("alpha", "beta")]
    for child, (port, _) in zip(supervisor.children, started, strict=True):
        supervisor.wait_healthy(child, f"http://127.0.0.1:{port}/health", timeout=30)
    children = list(supervisor.children)
    grandchildren = [int(pid_file.read_text()) for _, pid_file in started]
    assert all(pid_alive(pid) for pid in grandchildren)

    supervisor.stop_all(timeout=10)

    assert supervisor.children == []
    assert all(child.returncode is not None for child in children)
    wait_until(lambda: not any(pid_alive(pid) for pid in grandchildren), 10, "grandchildren")
    text = output(supervisor)
    assert re.search(rf"^alpha +\| serving on {started[0][0]}$", text, re.MULTILINE)
    assert re.search(rf"^beta +\| serving on {started[1][0]}$", text, re.MULTILINE)


def test_a_child_ignoring_sigterm_is_killed_after_the_timeout(supervisor: Supervisor) -> None:
    port, _ = start_fake(supervisor, "stubborn", mode="ignore-term")
    child = supervisor.children[0]
    supervisor.wait_healthy(child, f"http://127.0.0.1:{port}/health", timeout=30)
    supervisor.stop_all(timeout=1)
    assert child.returncode == -9
    assert "stubborn did not stop within 1s" in output(supervisor)


def test_waiting_for_health_reports_a_child_that_exits(supervisor: Supervisor) -> None:
    port, _ = start_fake(supervisor, "quitter", mode="exit")
    with pytest.raises(ChildExited, match="quitter exited unexpectedly with code 3"):
        supervisor.wait_healthy(supervisor.children[0], f"http://127.0.0.1:{port}/health", 30)


def test_watch_returns_the_child_that_died(supervisor: Supervisor) -> None:
    start_fake(supervisor, "steady")
    start_fake(supervisor, "quitter", mode="exit")
    exited = supervisor.watch()
    assert exited is not None
    assert exited.name == "quitter"
    assert exited.returncode == 3
    assert supervisor.children[0].running


def test_a_stop_request_interrupts_waiting(supervisor: Supervisor) -> None:
    start_fake(supervisor, "steady")
    closed_port = free_port()
    threading.Timer(0.3, supervisor.stopping.set).start()
    with pytest.raises(Interrupted):
        supervisor.wait_healthy(
            supervisor.children[0], f"http://127.0.0.1:{closed_port}/health", timeout=30
        )
    assert supervisor.watch() is None  # stopping is set: returns at once


def test_run_to_completion_returns_the_exit_code(supervisor: Supervisor) -> None:
    code = supervisor.run_to_completion(
        "oneoff", [sys.executable, "-c", "print('migrated'); raise SystemExit(7)"]
    )
    assert code == 7
    assert re.search(r"^oneoff +\| migrated$", output(supervisor), re.MULTILINE)
    assert supervisor.children == []
