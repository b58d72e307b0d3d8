"""Find the PostgreSQL and Redis to use: configured, already running locally, or embedded.

In order: the URL from the environment (`AGORA_POSTGRES_URL`, `AGORA_REDIS_URL`); else the
usual local server if it answers (probe overridable with `AGORA_POSTGRES_PROBE_URL` /
`AGORA_REDIS_PROBE_URL`, e.g. pointed at a closed port to force the embedded path); else an
embedded server under the data directory, which the caller stops.
"""

from __future__ import annotations

import os
from pathlib import Path

from agora.infra.accounts import open_for, server_account
from agora.infra.postgres import EmbeddedPostgres, postgres_answers
from agora.infra.redis import EmbeddedRedis, redis_answers

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def resolve_postgres(data_dir: Path) -> tuple[str, EmbeddedPostgres | None]:
    """(superuser URL, the embedded server we started or None)."""
    configured = os.environ.get("AGORA_POSTGRES_URL")
    if configured:
        return configured, None
    probe = os.environ.get("AGORA_POSTGRES_PROBE_URL") or DEFAULT_POSTGRES_URL
    if postgres_answers(probe):
        return probe, None
    _prepare(Path(data_dir))
    embedded = EmbeddedPostgres(Path(data_dir) / "postgres")
    return embedded.start(), embedded


def resolve_redis(data_dir: Path, append_only: bool = False) -> tuple[str, EmbeddedRedis | None]:
    """(URL, the embedded server we started or None); `append_only`: see EmbeddedRedis."""
    configured = os.environ.get("AGORA_REDIS_URL")
    if configured:
        return configured, None
    probe = os.environ.get("AGORA_REDIS_PROBE_URL") or DEFAULT_REDIS_URL
    if redis_answers(probe):
        return probe, None
    _prepare(Path(data_dir))
    embedded = EmbeddedRedis(Path(data_dir) / "redis", append_only=append_only)
    return embedded.start(), embedded


def _prepare(data_dir: Path) -> None:
    """Create our data directory, traversable by the account an embedded server runs as."""
    data_dir.mkdir(parents=True, exist_ok=True)
    open_for(server_account(), data_dir)
