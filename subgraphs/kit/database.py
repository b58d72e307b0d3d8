"""One async SQLAlchemy engine (with its connection pool) per subgraph database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry

from subgraphs.kit.settings import database_url, get_settings
from telemetry.sql import trace_statements

# Stable constraint names, so Alembic migrations stay reviewable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def subgraph_metadata() -> MetaData:
    """Fresh metadata for one subgraph's declarative base (each owns its own database):

    class Base(DeclarativeBase):
        metadata = subgraph_metadata()
    """
    return MetaData(naming_convention=NAMING_CONVENTION)


class WaitCountingPool(AsyncAdaptedQueuePool):
    """The async engine's usual pool, also counting the callers waiting for a connection right
    now (`waiting`, read by subgraphs.kit.metrics): a pool that is too small shows as waiting
    callers before it shows as timeouts."""

    waiting = 0
    # Logs as the pool it extends: under `sqlalchemy`, quiet unless SQLAlchemy logging is on.
    _sqla_logger_namespace = "sqlalchemy.pool.impl.AsyncAdaptedQueuePool"

    def _do_get(self) -> ConnectionPoolEntry:
        self.waiting += 1
        try:
            return super()._do_get()
        finally:
            self.waiting -= 1


class Database:
    """The engine and session factory of one subgraph, created lazily from settings."""

    def __init__(self, subgraph: str, url: str | None = None) -> None:
        self.subgraph = subgraph
        self._url = url
        self._engine: AsyncEngine | None = None
        self._sessions: async_sessionmaker[AsyncSession] | None = None

    @property
    def url(self) -> str:
        return self._url or database_url(self.subgraph)

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            settings = get_settings()
            self._engine = create_async_engine(
                self.url,
                pool_size=settings.db_pool_size,
                max_overflow=settings.db_max_overflow,
                pool_pre_ping=True,
                poolclass=WaitCountingPool,
                echo=settings.db_echo,
            )
            trace_statements(self._engine)  # a span per statement when tracing is on
        return self._engine

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        if self._sessions is None:
            self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        return self._sessions

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    async def dispose(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
        self._engine = None
        self._sessions = None
