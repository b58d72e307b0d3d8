"""PostgreSQL databases of Agora: probe a server, create, drop and address databases.

All functions are synchronous and work from inside a running event loop too (the async driver
runs on a private loop in a worker thread).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from agora.infra.processes import InfraError, run_coroutine_sync

# Left as a comment on every database we create: we only ever drop databases carrying it.
CREATED_MARKER = "created by agora.infra"
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def postgres_answers(url: str, timeout: float = 2.0) -> bool:
    """Whether a PostgreSQL server accepts a connection (and `SELECT 1`) at `url`."""

    async def probe() -> bool:
        try:
            connection = await asyncpg.connect(libpq_url(url), timeout=timeout)
        except (OSError, asyncpg.PostgresError, TimeoutError, asyncpg.InterfaceError):
            return False
        try:
            return await connection.fetchval("SELECT 1", timeout=timeout) == 1
        finally:
            await connection.close()

    return run_coroutine_sync(probe)


def libpq_url(url: str) -> str:
    """A URL asyncpg accepts (it does not know SQLAlchemy's `+driver` suffix)."""
    scheme, rest = url.split("://", 1)
    return f"{scheme.split('+', 1)[0]}://{rest}"


def _checked(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"not a plain lower-case database name: {name!r}")
    return name


def database_url(admin_url: str, name: str) -> str:
    """The SQLAlchemy asyncpg URL of database `name` on the server of `admin_url`."""
    parts = urlsplit(libpq_url(admin_url))
    return urlunsplit(("postgresql+asyncpg", parts.netloc, f"/{_checked(name)}", parts.query, ""))


def create_database(admin_url: str, name: str) -> bool:
    """Create database `name` unless it exists; True if it was created now."""
    _checked(name)

    async def create() -> bool:
        connection = await asyncpg.connect(libpq_url(admin_url))
        try:
            if await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                return False
            try:
                await connection.execute(f'CREATE DATABASE "{name}"')
            except asyncpg.DuplicateDatabaseError:  # created concurrently
                return False
            await connection.execute(f"COMMENT ON DATABASE \"{name}\" IS '{CREATED_MARKER}'")
            return True
        finally:
            await connection.close()

    return run_coroutine_sync(create)


def drop_database(admin_url: str, name: str) -> bool:
    """Drop database `name`, terminating its connections; True if it existed.

    Refuses (InfraError) to drop a database that `create_database` did not create.
    """
    _checked(name)

    async def drop() -> bool:
        connection = await asyncpg.connect(libpq_url(admin_url))
        try:
            row = await connection.fetchrow(
                "SELECT oid, shobj_description(oid, 'pg_database') AS comment "
                "FROM pg_database WHERE datname = $1",
                name,
            )
            if row is None:
                return False
            if row["comment"] != CREATED_MARKER:
                raise InfraError(f"refusing to drop database {name!r}: agora did not create it")
            await connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = $1 AND pid <> pg_backend_pid()",
                name,
            )
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return True
        finally:
            await connection.close()

    return run_coroutine_sync(drop)
