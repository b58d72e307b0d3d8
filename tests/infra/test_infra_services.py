"""Choosing PostgreSQL and Redis: configured URL, local server, else embedded."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from agora.infra.postgres import EmbeddedPostgres, postgres_answers
from agora.infra.processes import free_port
from agora.infra.redis import EmbeddedRedis, redis_answers
from agora.infra.services import resolve_postgres, resolve_redis


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="agora-test-services-"))
    path.chmod(0o755)  # our own directory; the embedded server account must traverse it
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_configured_urls_win_without_probing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGORA_POSTGRES_URL", "postgresql://configured@db.invalid:5432/postgres")
    monkeypatch.setenv("AGORA_REDIS_URL", "redis://cache.invalid:6379/3")
    assert resolve_postgres(data_dir) == ("postgresql://configured@db.invalid:5432/postgres", None)
    assert resolve_redis(data_dir) == ("redis://cache.invalid:6379/3", None)
    assert list(data_dir.iterdir()) == []


def test_answering_probe_is_used(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AGORA_POSTGRES_URL", raising=False)
    monkeypatch.delenv("AGORA_REDIS_URL", raising=False)
    with (
        EmbeddedPostgres(data_dir / "probe-pg") as postgres,
        EmbeddedRedis(data_dir / "probe-redis") as cache,
    ):
        monkeypatch.setenv("AGORA_POSTGRES_PROBE_URL", postgres.admin_url)
        monkeypatch.setenv("AGORA_REDIS_PROBE_URL", cache.url)
        assert resolve_postgres(data_dir) == (postgres.admin_url, None)
        assert resolve_redis(data_dir) == (cache.url, None)
    assert not (data_dir / "postgres").exists()
    assert not (data_dir / "redis").exists()


def test_closed_probes_start_embedded_servers(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AGORA_POSTGRES_URL", raising=False)
    monkeypatch.delenv("AGORA_REDIS_URL", raising=False)
    monkeypatch.setenv(
        "AGORA_POSTGRES_PROBE_URL", f"postgresql://postgres@127.0.0.1:{free_port()}/postgres"
    )
    monkeypatch.setenv("AGORA_REDIS_PROBE_URL", f"redis://127.0.0.1:{free_port()}/0")
    postgres_url, postgres = resolve_postgres(data_dir)
    redis_url, cache = resolve_redis(data_dir)
    try:
        assert isinstance(postgres, EmbeddedPostgres)
        assert isinstance(cache, EmbeddedRedis)
        assert postgres.data_dir == data_dir / "postgres"
        assert cache.data_dir == data_dir / "redis"
        assert postgres_answers(postgres_url)
        assert redis_answers(redis_url)
    finally:
        if postgres is not None:
            postgres.stop()
        if cache is not None:
            cache.stop()
    assert not postgres_answers(postgres_url, timeout=1)
    assert not redis_answers(redis_url, timeout=1)
