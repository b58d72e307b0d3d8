"""`agora dev` for real: embedded servers, databases, migrations, services, Ctrl-C."""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
import redis

from agora import dev
from agora.infra.postgres import postgres_answers
from agora.infra.processes import free_port, port_is_free, run_coroutine_sync, wait_until
from agora.infra.redis import redis_answers
from agora.subgraphs import SUBGRAPH_PORTS

ROOT = Path(dev.__file__).resolve().parents[1]


def test_service_table_covers_every_subgraph_router_and_worker() -> None:
    by_name = {service.name: service for service in dev.SERVICES}
    for name, port in SUBGRAPH_PORTS.items():
        assert by_name[name].port == port
        assert by_name[name].argv(0)[-4:] == ["subgraph", name, "--port", str(port)]
        assert by_name[name].argv(100)[-1] == str(port + 100)
    assert by_name["router"].port == 8080
    assert by_name["router"].stage > by_name["users"].stage
    assert "schema/supergraph.graphql" in by_name["router"].argv(0)
    assert by_name["worker"].argv(0)[1:6] == ["-m", "celery", "--quiet", "-A", "pipeline.worker"]
    assert by_name["worker"].health_path is None
    beat = by_name["beat"].argv(0, data_dir=Path("/d"))
    assert beat[1:7] == ["-m", "celery", "--quiet", "-A", "pipeline.worker", "beat"]
    assert beat[-2:] == ["--schedule", "/d/celerybeat-schedule"]  # kept in the data dir
    assert by_name["smtp-sink"].argv(100)[-2:] == ["--port", str(dev.SMTP_SINK_PORT + 100)]
    assert by_name["users"].present(ROOT) == (ROOT / "subgraphs/users/app.py").is_file()
    assert by_name["router"].present(ROOT) == (ROOT / "schema/supergraph.graphql").is_file()


def test_dev_jwt_key_is_generated_once_and_private(tmp_path: Path) -> None:
    key_file = dev.ensure_jwt_key(tmp_path)
    assert key_file == tmp_path / "secrets" / "jwt_private.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    pem = key_file.read_bytes()
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    assert dev.ensure_jwt_key(tmp_path).read_bytes() == pem  # kept, not regenerated


def free_port_offset() -> int:
    ports = [*SUBGRAPH_PORTS.values(), dev.ROUTER_PORT, dev.SMTP_SINK_PORT]
    for offset in range(20000, 40000, 113):
        if all(port_is_free(port + offset) for port in ports):
            return offset
    raise AssertionError("no free port range")


class RunningDev:
    """`agora dev` in a subprocess, on offset ports, with embedded PostgreSQL and Redis."""

    def __init__(self, data_dir: Path, offset: int | None = None):
        self.offset = free_port_offset() if offset is None else offset
        # Taken before starting: what `agora dev` will find in this checkout.
        self.services = [s for s in dev.SERVICES if s.present(ROOT) and s.port is not None]
        env = {
            key: value
            for key, value in os.environ.items()
            if not (key.startswith("AGORA_") and key.endswith("_URL"))
        }
        # Closed probes force the embedded servers, whatever runs on this machine.
        env["AGORA_POSTGRES_PROBE_URL"] = f"postgresql://postgres@127.0.0.1:{free_port()}/postgres"
        env["AGORA_REDIS_PROBE_URL"] = f"redis://127.0.0.1:{free_port()}/0"
        command = [sys.executable, "-m", "agora.cli", "dev", "--data-dir", str(data_dir)]
        self.process = subprocess.Popen(
            [*command, "--port-offset", str(self.offset)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def wait_ready(self) -> None:
        wait_until(
            lambda: "Agora is running" in self.text or self.process.poll() is not None,
            180,
            "agora dev to report its services",
        )
        assert self.process.poll() is None, self.text
        self.table = self.text.split("Agora is running", 1)[1]
        postgres_url = re.search(r"postgres\s+(postgresql://\S+)", self.table)
        redis_url = re.search(r"redis\s+(redis://\S+)", self.table)
        assert postgres_url and redis_url, self.table
        self.postgres_url, self.redis_url = postgres_url[1], redis_url[1]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def assert_all_stopped(self) -> None:
        for service in self.services:
            assert service.port is not None
            assert port_is_free(service.port + self.offset), service.name
        assert not postgres_answers(self.postgres_url, timeout=1)
        assert not redis_answers(self.redis_url, timeout=1)

    def stop(self) -> None:
        """Ctrl-C: everything it started stops, and it exits 0."""
        self.process.send_signal(signal.SIGINT)
        assert self.process.wait(timeout=60) == 0, self.text
        self.assert_all_stopped()

    def kill(self) -> None:
        """After a failed assertion: let agora dev stop what it started, then make sure."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="agora-test-dev-"))
    path.chmod(0o755)  # ours; the embedded PostgreSQL account must traverse it
    yield path
    shutil.rmtree(path, ignore_errors=True)


async def migrated_tables(admin_url: str, database: str) -> set[str]:
    connection = await asyncpg.connect(admin_url.rsplit("/", 1)[0] + f"/{database}")
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await connection.close()
    return {row["tablename"] for row in rows}


def test_agora_dev_starts_everything_and_stops_on_ctrl_c(data_dir: Path) -> None:
    running = RunningDev(data_dir)
    try:
        running.wait_ready()
        graphql_urls = re.findall(r"(http://127\.0\.0\.1:\d+)/graphql", running.table)
        served = [service for service in running.services if service.links]
        assert len(graphql_urls) == len(served) >= 1
        if any(service.name == "smtp-sink" for service in running.services):
            sink = dev.SMTP_SINK_PORT + running.offset
            assert re.search(rf"^  smtp-sink +127\.0\.0\.1:{sink}$", running.table, re.M)
        for base in graphql_urls:
            assert httpx.get(f"{base}/health", timeout=5).status_code == 200
        # Development turns on what production leaves off: GraphiQL and introspection.
        pages = [
            base
            for base in graphql_urls
            if "content-security-policy"
            in httpx.get(f"{base}/graphql", headers={"accept": "text/html"}, timeout=5).headers
        ]
        if any(service.name == "router" for service in running.services):
            [router] = pages
            introspection = {"query": "{ __schema { queryType { name } } }"}
            answer = httpx.post(f"{router}/graphql", json=introspection, timeout=5).json()
            assert answer == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
            # ... and query plans for the requests that ask (GraphiQL's plan view).
            asking = {"x-agora-query-plan": "true"}
            planned = httpx.post(
                f"{router}/graphql", json={"query": "{ me { id } }"}, headers=asking, timeout=5
            ).json()
            assert 'Fetch(service: "USERS")' in planned["extensions"]["queryPlan"]
        assert postgres_answers(running.postgres_url)
        assert redis_answers(running.redis_url)
        # The dev Redis keeps an append-only file: queued tasks outlive a crash.
        with redis.Redis.from_url(running.redis_url) as client:
            assert client.config_get("appendonly") == {"appendonly": "yes"}
        # Migrations ran against the per-subgraph databases agora dev created.
        tables = run_coroutine_sync(lambda: migrated_tables(running.postgres_url, "agora_users"))
        assert "alembic_version" in tables
        key_file = data_dir / "secrets" / "jwt_private.pem"
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

        running.stop()
    finally:
        running.kill()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def test_a_service_that_dies_is_reported_and_restarted(data_dir: Path) -> None:
    running = RunningDev(data_dir)
    try:
        running.wait_ready()
        assert re.search(r"^agora dev: ready in \d+\.\d s$", running.text, re.M), running.text
        started = re.search(r"^users +\|.*Started server process \[(\d+)\]", running.text, re.M)
        assert started, running.text
        os.kill(int(started[1]), signal.SIGKILL)
        wait_until(
            lambda: (
                "users exited unexpectedly with code -9; restarting it in 1 s (restart 1)"
                in running.text
            ),
            30,
            "the crash to be reported",
        )
        users = f"http://127.0.0.1:{SUBGRAPH_PORTS['users'] + running.offset}/health"
        wait_until(lambda: _answers(users), 60, "users to answer again")
        assert running.process.poll() is None, running.text  # the rest kept running

        running.stop()
    finally:
        running.kill()


def test_sigkill_leaves_no_service_and_a_new_run_starts_at_once(data_dir: Path) -> None:
    first = RunningDev(data_dir)
    try:
        first.wait_ready()
        first.process.kill()
        first.process.wait(timeout=10)
        ports = [s.port + first.offset for s in first.services if s.port is not None]
        # The kernel tells every child its parent died: they stop without being asked.
        wait_until(lambda: all(port_is_free(port) for port in ports), 60, "every service to stop")
    finally:
        first.kill()
    # At once, on the same ports (connections of the killed run still in TIME_WAIT) and data
    # directory (its embedded PostgreSQL and Redis are taken over, then stopped).
    second = RunningDev(data_dir, offset=first.offset)
    try:
        second.wait_ready()
        second.stop()
    finally:
        second.kill()


def test_a_second_stack_runs_beside_the_first_on_offset_ports(data_dir: Path) -> None:
    first = RunningDev(data_dir)
    other_dir = Path(tempfile.mkdtemp(prefix="agora-test-dev-"))
    other_dir.chmod(0o755)
    second: RunningDev | None = None
    try:
        first.wait_ready()
        second = RunningDev(other_dir, offset=first.offset + 100)
        second.wait_ready()
        stacks = (first, second)
        for stack in stacks:
            assert _answers(f"http://127.0.0.1:{dev.ROUTER_PORT + stack.offset}/health")
        # Each stack runs its own mail sink, on its own offset port.
        sinks = [dev.SMTP_SINK_PORT + stack.offset for stack in stacks]
        wait_until(lambda: not any(port_is_free(p) for p in sinks), 30, f"mail sinks on {sinks}")
    finally:
        for started in (second, first):
            if started is not None:
                started.process.send_signal(signal.SIGINT)
                started.process.wait(timeout=60)
                started.kill()
        shutil.rmtree(other_dir, ignore_errors=True)


def test_router_gets_a_supergraph_routed_to_the_offset_ports(tmp_path: Path) -> None:
    assert dev._routed_supergraph(ROOT, tmp_path, 0) == dev.SUPERGRAPH
    routed = dev._routed_supergraph(ROOT, tmp_path, 500)
    assert routed.parent == tmp_path
    urls = dict(re.findall(r'@join__graph\(name: "(\w+)", url: "([^"]+)"\)', routed.read_text()))
    assert urls
    for name, url in urls.items():
        assert url == f"http://127.0.0.1:{SUBGRAPH_PORTS[name] + 500}/graphql"
    router = next(service for service in dev.SERVICES if service.name == "router")
    assert router.argv(500, routed)[-4:] == ["--supergraph", str(routed), "--port", "8580"]


def test_a_configured_database_that_does_not_answer_is_reported(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AGORA_")}
    env["AGORA_POSTGRES_URL"] = f"postgresql://agora:s3cret@127.0.0.1:{free_port()}/postgres"
    env["AGORA_REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"
    command = [sys.executable, "-m", "agora.cli", "dev", "--data-dir", str(tmp_path)]
    result = subprocess.run(
        [*command, "--port-offset", str(free_port_offset())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "agora dev: PostgreSQL does not answer at postgresql://agora:***@127.0.0.1:" in (
        result.stderr
    )
    assert "s3cret" not in result.stderr + result.stdout
    assert not (tmp_path / "postgres").exists()  # nothing embedded was started
