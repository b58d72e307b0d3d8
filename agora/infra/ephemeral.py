"""A throwaway environment on real servers: its own PostgreSQL databases and Redis key prefix.

PostgreSQL and Redis come from the environment, else the local servers if they answer, else
embedded ones (agora.infra.services). Databases get unique names and are dropped at the end;
Redis keys live under a unique prefix and only those are deleted. The tests and the benchmarks
run in one each.
"""

from __future__ import annotations

import os
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agora.infra.postgres import create_database, database_url, drop_database
from agora.infra.processes import run_coroutine_sync
from agora.infra.services import resolve_postgres, resolve_redis
from agora.subgraphs import available_subgraphs
from subgraphs.kit.keys import write_new_key


@dataclass
class Ephemeral:
    label: str
    run_id: str
    postgres_admin_url: str
    redis_url: str
    redis_prefix: str
    databases: dict[str, str] = field(default_factory=dict)  # subgraph -> SQLAlchemy URL
    embedded: list[Any] = field(default_factory=list)
    saved_environ: dict[str, str | None] = field(default_factory=dict)

    def set_env(self, name: str, value: str) -> None:
        self.saved_environ.setdefault(name, os.environ.get(name))
        os.environ[name] = value


def start(data_dir: Path, label: str = "test") -> Ephemeral:
    """Create the databases, migrate them, and point this process's AGORA_* settings at them."""
    postgres_url, embedded_postgres = resolve_postgres(data_dir)
    redis_url, embedded_redis = resolve_redis(data_dir)
    run_id = uuid.uuid4().hex[:10]
    env = Ephemeral(
        label=label,
        run_id=run_id,
        postgres_admin_url=postgres_url,
        redis_url=redis_url,
        redis_prefix=f"agora-{label}-{run_id}:",
        embedded=[server for server in (embedded_postgres, embedded_redis) if server],
    )
    for subgraph in available_subgraphs():
        name = f"agora_{label}_{run_id}_{subgraph}"
        create_database(postgres_url, name)
        env.databases[subgraph] = database_url(postgres_url, name)
        env.set_env(f"AGORA_{subgraph.upper()}_DATABASE_URL", env.databases[subgraph])
    key_file = data_dir / f"jwt-{run_id}.pem"
    write_new_key(key_file)
    env.set_env("AGORA_JWT_PRIVATE_KEY_FILE", str(key_file))
    env.set_env("AGORA_ROUTER_SECRET", secrets.token_urlsafe(48))
    env.set_env("AGORA_REDIS_URL", redis_url)
    env.set_env("AGORA_REDIS_PREFIX", env.redis_prefix)
    env.set_env("AGORA_ENVIRONMENT", label)
    env.set_env("AGORA_DATA_DIR", str(data_dir))
    _migrate(env)
    return env


def _migrate(env: Ephemeral) -> None:
    from subgraphs.kit.migrations import upgrade

    for subgraph, url in env.databases.items():
        upgrade(subgraph, url)


async def _delete_redis_keys(url: str, prefix: str) -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(url)
    try:
        async for key in client.scan_iter(match=f"{prefix}*", count=500):
            await client.delete(key)
    finally:
        await client.aclose()


def stop(env: Ephemeral, data_dir: Path) -> None:
    for url in env.databases.values():
        drop_database(env.postgres_admin_url, url.rsplit("/", 1)[1])
    run_coroutine_sync(lambda: _delete_redis_keys(env.redis_url, env.redis_prefix))
    (data_dir / f"jwt-{env.run_id}.pem").unlink(missing_ok=True)
    for server in env.embedded:
        server.stop()
    for name, value in env.saved_environ.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
