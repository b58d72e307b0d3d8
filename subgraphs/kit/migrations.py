"""Alembic per subgraph, driven from code (no alembic.ini): `agora migrate` and the tests use it."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from subgraphs.kit.settings import database_url

SUBGRAPHS_DIR = Path(__file__).resolve().parent.parent


def alembic_config(subgraph: str, url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SUBGRAPHS_DIR / subgraph / "migrations"))
    config.set_main_option("sqlalchemy.url", url or database_url(subgraph))
    config.attributes["subgraph"] = subgraph
    return config


def upgrade(subgraph: str, url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(subgraph, url), revision)


# Any number of `agora migrate` (every new pod's init container, a job, a developer) may run
# at once: each waits for this lock in the migration's own transaction, then finds the
# database at head and has nothing left to do. (The key is ours: "agora" in hex.)
MIGRATION_LOCK_KEY = 0x61676F7261


def _migrate(connection: Connection, metadata: MetaData) -> None:
    context.configure(connection=connection, target_metadata=metadata, compare_type=True)
    with context.begin_transaction():
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        context.run_migrations()


async def _run_online(url: str, metadata: MetaData) -> None:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_migrate, metadata)
    await engine.dispose()


def run_env(metadata: MetaData) -> None:
    """The body of every subgraph's migrations/env.py."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(_run_online(url, metadata))
        return
    # Called from async code (a test, a benchmark): migrate on a loop of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _run_online(url, metadata)).result()
