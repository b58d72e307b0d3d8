"""How the seed writes: the services' own functions, many calls to one transaction.

Each piece of seeded work (one account, one gig, one order with its whole history, ...) is an
`Op`: an async function of a session that calls the subgraph's service functions, exactly as
a mutation would. Ops run `BATCH` to a transaction. If a batch fails, it is rolled back and its
ops run again one per transaction, so one op that breaks a rule (counted in the `Tally` under
its code) costs nothing but itself.

Events: the services record an outbox row for every notification-worthy change. The seed marks
each such row sent and confirmed in its own transaction (`sent_at = confirmed_at`, with
`attempts = 0`, which the relay never leaves: it counts every publication), so `agora relay`
never hands the history of thousands of demo accounts to the worker (which would mail them
all); `agora.seed.notifications` turns them into notifications itself afterwards. No service
reads the outbox, so the seed holds its rows back from the many small flushes the services
make and writes them all at commit, in one multi-row INSERT (their `created_at` is the
transaction's `now()` either way).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.orm import Session

from subgraphs.kit.database import Database
from subgraphs.kit.errors import CodedError, DomainError
from subgraphs.kit.outbox import OutboxRow

Op = Callable[[AsyncSession], Awaitable[Any]]
K = TypeVar("K")
T = TypeVar("T")
BATCH = 40
EVENTS = "agora_seed_events"  # session.info key: the outbox rows this session wrote
HELD = "agora_seed_held"  # session.info key: outbox rows held back until the commit
COMMITTING = "agora_seed_committing"
LOADED = "agora_seed_loaded"  # session.info key: every row the session loaded (kept alive)


@dataclass
class Tally:
    """What a part of the seed did: ops written, and ops refused by a rule (by code)."""

    written: int = 0
    refused: Counter[str] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        self.written += other.written
        self.refused.update(other.refused)


def _handled_by_seed(session: Session, *_: Any) -> None:
    now = dt.datetime.now(dt.UTC)
    for row in list(session.new):
        if isinstance(row, OutboxRow):
            if row.sent_at is None:
                row.sent_at = row.confirmed_at = now
                session.info.setdefault(EVENTS, []).append(row)
            if not session.info.get(COMMITTING):
                session.expunge(row)
                session.info.setdefault(HELD, []).append(row)


def _write_held_rows(session: Session) -> None:
    # before_commit runs before the commit's last flush: that flush writes them all at once.
    session.info[COMMITTING] = True
    session.add_all(session.info.pop(HELD, []))


def _hold_again(session: Session, *_: Any) -> None:
    session.info.pop(COMMITTING, None)


def _keep_alive(session: Session, row: object) -> None:
    # The identity map holds rows weakly: a gig a service loaded and let go is gone when the
    # next service asks the session for it, and is selected again. A seed transaction is
    # short, so it keeps what it loaded.
    session.info.setdefault(LOADED, []).append(row)


@asynccontextmanager
async def seed_session(db: Database) -> AsyncIterator[AsyncSession]:
    async with AsyncSession(db.engine, expire_on_commit=False) as session:
        event.listen(session.sync_session, "before_flush", _handled_by_seed)
        event.listen(session.sync_session, "before_commit", _write_held_rows)
        event.listen(session.sync_session, "after_commit", _hold_again)
        event.listen(session.sync_session, "loaded_as_persistent", _keep_alive)
        yield session


def recorded_events(session: AsyncSession) -> list[OutboxRow]:
    """The outbox rows this session flushed so far (flush first to see the latest)."""
    rows: list[OutboxRow] = session.info.get(EVENTS, [])
    return rows


class SeedDatabase(Database):
    """A subgraph's database as its settings name it, tuned for writing in bulk: commits do not
    wait for the WAL to reach the disk (a crash loses at most the last batches, which a re-run
    writes again), connections are not pinged at each checkout (the notifications part checks
    out one per event), and each keeps every prepared statement the services use."""

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            url = make_url(self.url).update_query_dict({"prepared_statement_cache_size": "500"})
            self._engine = create_async_engine(url, pool_size=4, max_overflow=4)
            event.listen(self._engine.sync_engine, "connect", _no_fsync_wait)
        return self._engine


def _no_fsync_wait(dbapi_connection: Any, _: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET synchronous_commit TO off")
    cursor.close()


def seed_database(subgraph: str) -> Database:
    return SeedDatabase(subgraph)


async def _one_by_one(
    db: Database, ops: Sequence[Op], weights: Sequence[int], tally: Tally
) -> None:
    for op, weight in zip(ops, weights, strict=True):
        try:
            async with seed_session(db) as session:
                await op(session)
                await session.commit()
            tally.written += weight
        except (DomainError, CodedError) as error:
            tally.refused[error.code] += weight


async def run_ops(
    db: Database,
    ops: Iterable[Op],
    tally: Tally,
    advance: Callable[[int], None],
    *,
    batch: int = BATCH,
    weights: Sequence[int] | None = None,
) -> None:
    """Every op, `batch` to a transaction, in order. An op counts its weight (how many
    things it writes, 1 unless told) in the tally and the progress."""
    pending = list(ops)
    sizes = [1] * len(pending) if weights is None else list(weights)
    for start in range(0, len(pending), batch):
        chunk = pending[start : start + batch]
        chunk_sizes = sizes[start : start + batch]
        try:
            async with seed_session(db) as session:
                for op in chunk:
                    await op(session)
                await session.commit()
            tally.written += sum(chunk_sizes)
        except (DomainError, CodedError, DBAPIError):
            await _one_by_one(db, chunk, chunk_sizes, tally)
        advance(sum(chunk_sizes))


async def run_grouped_ops(
    db: Database,
    groups: Mapping[K, list[T]],
    per_op: int,
    write: Callable[[list[T], K, AsyncSession], Awaitable[Any]],
    tally: Tally,
    advance: Callable[[int], None],
    *,
    batch: int,
) -> None:
    """`run_ops` over `write(things, key, session)` for each `per_op` things of each group
    (the posts of a channel, the orders of a gig: one rule call writes them), each op weighed
    by the things it writes."""
    chunks = [
        (key, things[start : start + per_op])
        for key, things in groups.items()
        for start in range(0, len(things), per_op)
    ]
    await run_ops(
        db,
        [partial(write, chunk, key) for key, chunk in chunks],
        tally,
        advance,
        batch=batch,
        weights=[len(chunk) for _, chunk in chunks],
    )
