"""Run child processes together, each in its own process group, and stop them together.

A child gets its own session (and so process group): a Ctrl-C in the terminal reaches only
the supervising process, which then stops every group in order — SIGTERM, then SIGKILL after
a timeout — so grandchildren (uvicorn reloaders, Celery pool workers) go too.

With `die_with_parent` (Linux), each child is also sent SIGTERM by the kernel when the
supervising process dies, even by SIGKILL, so nothing is left running without it. The kernel
ties this to the thread that started the child: such a supervisor starts children from one
long-lived thread (the main one).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import httpx

from agora.infra.processes import POLL_INTERVAL, InfraError


class ChildExited(InfraError):
    """A supervised child exited while it was expected to keep running."""

    def __init__(self, child: Child):
        super().__init__(f"{child.name} exited unexpectedly with code {child.returncode}")
        self.child = child


class Interrupted(InfraError):
    """The supervisor was asked to stop (SIGINT / SIGTERM) while waiting."""


PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    command: tuple[str, ...] = ()
    _output: threading.Thread | None = field(default=None, repr=False)

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def returncode(self) -> int | None:
        return self.process.poll()

    @property
    def running(self) -> bool:
        return self.process.poll() is None


class Supervisor:
    """Starts children with a shared environment, prefixes their output, stops them all."""

    def __init__(
        self,
        env: Mapping[str, str],
        cwd: Path,
        out: TextIO | None = None,
        stopping: threading.Event | None = None,
        die_with_parent: bool = False,
    ):
        self.env = dict(env)
        self.die_with_parent = die_with_parent and sys.platform == "linux"
        self.cwd = cwd
        self.out = out or sys.stdout
        self.stopping = stopping or threading.Event()
        self.children: list[Child] = []
        self._write_lock = threading.Lock()

    def start(self, name: str, command: Sequence[str]) -> Child:
        process = subprocess.Popen(
            list(command),
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_dies_with(os.getpid()) if self.die_with_parent else None,
        )
        child = Child(name, process, tuple(command))
        child._output = threading.Thread(
            target=self._copy_output, args=(child,), name=f"output-{name}", daemon=True
        )
        child._output.start()
        self.children.append(child)
        return child

    def restart(self, child: Child) -> Child:
        """Start an exited child again with the same command, in its place."""
        self._join_output(child)
        self.children.remove(child)
        return self.start(child.name, child.command)

    def say(self, line: str) -> None:
        with self._write_lock:
            self.out.write(line + "\n")
            self.out.flush()

    def _copy_output(self, child: Child) -> None:
        assert child.process.stdout is not None
        width = max(10, len(child.name))
        for raw in child.process.stdout:
            self.say(f"{child.name:<{width}} | {raw.decode(errors='replace').rstrip()}")

    def run_to_completion(self, name: str, command: Sequence[str]) -> int:
        """Run a one-off command (e.g. migrations); stop it if we are asked to stop."""
        child = self.start(name, command)
        self._wait(lambda: not child.running, timeout=None, what=name)
        self.children.remove(child)
        self._join_output(child)
        return int(child.process.wait())

    def wait_healthy(self, child: Child, url: str, timeout: float) -> None:
        """Wait until `url` answers 200; fail if the child exits or we are asked to stop."""

        def healthy() -> bool:
            if not child.running:
                raise ChildExited(child)
            try:
                return httpx.get(url, timeout=1.0).status_code == 200
            except httpx.HTTPError:
                return False

        self._wait(healthy, timeout, f"{child.name} at {url}")

    def first_exited(self) -> Child | None:
        return next((child for child in self.children if not child.running), None)

    def watch(self) -> Child | None:
        """Block until asked to stop (None) or until a child exits (that child)."""
        while not self.stopping.wait(POLL_INTERVAL * 4):
            exited = self.first_exited()
            if exited is not None:
                return exited
        return None

    def stop_all(self, timeout: float = 10.0) -> None:
        """SIGTERM every child's process group (last started first), SIGKILL what remains."""
        for child in reversed(self.children):
            _signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for child in self.children:
            remaining = max(0.0, deadline - time.monotonic())
            try:
                child.process.wait(timeout=remaining)
            except subprocess.TimeoutExpired:
                self.say(f"{child.name} did not stop within {timeout:.0f}s: killing it")
        for child in self.children:
            # Also reaps grandchildren left in the group after the leader exited.
            _signal_group(child, signal.SIGKILL)
            child.process.wait()
            self._join_output(child)
        self.children.clear()

    def _wait(self, condition: Callable[[], bool], timeout: float | None, what: str) -> None:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not condition():
            if self.stopping.is_set():
                raise Interrupted(f"interrupted while waiting for {what}")
            if deadline is not None and time.monotonic() >= deadline:
                raise InfraError(f"timed out after {timeout:.0f}s waiting for {what}")
            self.stopping.wait(POLL_INTERVAL)

    @staticmethod
    def _join_output(child: Child) -> None:
        if child._output is not None:
            child._output.join(timeout=5)


def _signal_group(child: Child, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, sig)  # the child leads its own session: pgid == pid


def _dies_with(parent: int) -> Callable[[], None]:
    def in_the_child() -> None:  # runs between fork and exec
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before prctl: nobody would signal us
            os._exit(1)

    return in_the_child
