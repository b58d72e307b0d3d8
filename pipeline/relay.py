"""`agora relay`: moves outbox rows of every subgraph database into Celery tasks, at least once.

One pass over a database (`relay_once`) takes a batch of unsent rows in creation order
(`SELECT ... FOR UPDATE SKIP LOCKED`), publishes each to the broker, and marks sent only the
rows the broker accepted, in the same transaction that locked them. A crash after publishing
and before the commit publishes those rows again: the worker is idempotent by event id.

Order per recipient: a transaction-scoped advisory lock lets one relay at a time work on a
database, so rows go out in `created_at` order even with several relays running. Publishing
to the Redis broker is an LPUSH whose reply is the broker's confirmation; an error (or no
reply) raises, and the row stays unsent.

Between passes the relay waits for a NOTIFY from a database whose outbox has the trigger
(pipeline.relay_wakeup), or at most `interval` seconds: the partial index `ix_outbox_unsent`
makes an idle pass one cheap index scan, and a full batch makes the next pass start at once.
Sent is not delivered: the reconciler (pipeline.relay_reconcile) confirms a sent row once the
notifications worker stored its event, and sends it again when that takes too long.
Sent rows older than a week are deleted (in batches) once an hour.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import os
import signal
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from sqlalchemy import (
    delete,
    func,
    select,
    update,
)

from pipeline.heartbeat import Heartbeat
from pipeline.relay_publish import Publisher, RelayError, celery_publisher, publish_in_order
from pipeline.relay_wakeup import outbox_notifications
from subgraphs.kit.database import Database
from subgraphs.kit.outbox import OUTBOX, OutboxEvent
from telemetry import tracing

logger = logging.getLogger("agora.relay")

SENT_RETENTION = dt.timedelta(days=7)
PRUNE_EVERY_SECONDS = 3600.0
# Any constant will do: it only has to be the same for every relay of one database.
RELAY_LOCK_KEY = 0x6A6F7261_72656C61

# One pass of the reconciler over every database (it handles its own errors).
Reconcile = Callable[[], Awaitable[object]]


async def relay_once(db: Database, publish: Publisher, *, batch_size: int = 100) -> int:
    """One batch of one database: how many rows were published and marked sent."""
    async with db.session() as session, session.begin():
        if not (
            await session.execute(select(func.pg_try_advisory_xact_lock(RELAY_LOCK_KEY)))
        ).scalar_one():
            return 0  # another relay is on this database right now
        rows = (
            await session.execute(
                select(OUTBOX)
                .where(OUTBOX.c.sent_at.is_(None))
                .order_by(OUTBOX.c.created_at, OUTBOX.c.id)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
        ).all()
        events = [OutboxEvent.from_row(row, db.subgraph) for row in rows]
        published, error = await asyncio.to_thread(publish_in_order, events, publish)
        if published:
            accepted = [event.id for event in events[:published]]
            await session.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id.in_(accepted))
                .values(sent_at=func.now(), attempts=OUTBOX.c.attempts + 1)
            )
    if error is not None:  # the accepted rows are committed as sent; the rest wait
        raise RelayError(db.subgraph, published, error)
    return published


async def relay_all_once(
    databases: Sequence[Database], publish: Publisher, *, batch_size: int = 100
) -> tuple[int, bool]:
    """One batch per database: (rows moved, whether some database may have more waiting)."""
    moved, more = 0, False
    for db in databases:
        try:
            count = await relay_once(db, publish, batch_size=batch_size)
        except Exception:
            logger.exception("relay pass failed", extra={"subgraph": db.subgraph})
            continue
        moved += count
        more = more or count == batch_size
    return moved, more


async def prune_sent(db: Database, older_than: dt.timedelta, *, batch: int = 10_000) -> int:
    """Deletes sent rows older than `older_than`, a batch at a time (short locks)."""
    deleted = 0
    while True:
        async with db.session() as session, session.begin():
            old = (
                select(OUTBOX.c.id)
                .where(OUTBOX.c.sent_at < func.now() - older_than)
                .limit(batch)
                .scalar_subquery()
            )
            result = await session.execute(
                delete(OUTBOX).where(OUTBOX.c.id.in_(old)).returning(OUTBOX.c.id)
            )
            count = len(result.all())
        deleted += count
        if count < batch:
            return deleted


async def _prune_all(databases: Sequence[Database]) -> None:
    for db in databases:
        try:
            await prune_sent(db, SENT_RETENTION)
        except Exception:
            logger.exception("pruning sent outbox rows failed", extra={"subgraph": db.subgraph})


async def _first_of(events: Sequence[asyncio.Event], within: float) -> None:
    waiters = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, timeout=within, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


async def run_relay(
    databases: Sequence[Database],
    publish: Publisher,
    stop: asyncio.Event,
    *,
    interval: float = 0.5,
    batch_size: int = 100,
    wake: asyncio.Event | None = None,
    reconcile: Reconcile | None = None,
    reconcile_every: float = 5.0,
    heartbeat: Heartbeat | None = None,
) -> int:
    """Until `stop` is set: passes back to back while there is work, else at the next `wake`
    (a NOTIFY) or after `interval` seconds; `reconcile` (pipeline.relay_reconcile) every
    `reconcile_every` seconds."""
    wake = wake or asyncio.Event()
    total, pruned_at, reconciled_at = 0, 0.0, time.monotonic()
    while not stop.is_set():
        if heartbeat is not None:
            heartbeat.beat()  # the loop turns (agora alive)
        wake.clear()  # a NOTIFY during the pass makes the next one start at once
        moved, more = await relay_all_once(databases, publish, batch_size=batch_size)
        total += moved
        if moved:
            logger.info("relayed events", extra={"count": moved})
        if reconcile is not None and time.monotonic() - reconciled_at >= reconcile_every:
            reconciled_at = time.monotonic()
            await reconcile()
        if time.monotonic() - pruned_at > PRUNE_EVERY_SECONDS:
            pruned_at = time.monotonic()
            await _prune_all(databases)
        if not more:
            await _first_of([stop, wake], interval)
    return total


def relay_databases(names: Sequence[str] = ()) -> list[Database]:
    from agora.subgraphs import available_subgraphs

    return [Database(name) for name in names or available_subgraphs()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from pipeline.notify.settings import get_notify_settings

    settings = get_notify_settings()
    parser.add_argument("subgraphs", nargs="*", help="only these databases (default: all)")
    parser.add_argument("--interval", type=float, default=settings.relay_interval_seconds)
    parser.add_argument("--batch-size", type=int, default=settings.relay_batch_size)
    parser.add_argument("--once", action="store_true", help="one pass over every database")
    parser.add_argument(
        "--confirm-timeout",
        type=float,
        default=settings.relay_confirm_timeout_seconds,
        help="seconds a sent event has to be stored by the worker before it is sent again",
    )
    parser.add_argument(
        "--max-attempts",
        type=int,
        default=settings.relay_max_attempts,
        help="publications of one event at most (the first included)",
    )
    parser.add_argument(
        "--heartbeat-file",
        type=Path,
        default=os.environ.get("AGORA_RELAY_HEARTBEAT_FILE") or None,
        help="touched while the relay loop turns, for `agora alive` ($AGORA_RELAY_HEARTBEAT_FILE)",
    )
    parser.add_argument(
        "--metrics-port",
        type=int,
        default=int(os.environ.get("AGORA_RELAY_METRICS_PORT") or 0) or None,
        help="serve Prometheus /metrics here: outbox pending and lag ($AGORA_RELAY_METRICS_PORT)",
    )


def run(args: argparse.Namespace) -> int:
    from subgraphs.kit.settings import get_settings
    from telemetry.logs import configure_logging
    from telemetry.tracing import configure_tracing

    configure_logging(get_settings().log_level)
    configure_tracing("agora-relay")  # when OTEL_* asks for it (telemetry.tracing)
    try:
        return asyncio.run(_main(args))
    finally:
        tracing.flush()


async def _main(args: argparse.Namespace) -> int:
    from pipeline.relay_metrics import measure_outbox, serve_metrics
    from pipeline.relay_reconcile import Policy, reconcile_all

    databases = relay_databases(args.subgraphs)
    # The notifications database holds the worker's ledger, relayed from or not.
    ledger = next((db for db in databases if db.subgraph == "notifications"), None)
    ledger = ledger or Database("notifications")
    policy = Policy(args.confirm_timeout, args.max_attempts)
    publish = celery_publisher()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        if args.once:
            moved, _ = await relay_all_once(databases, publish, batch_size=args.batch_size)
            print(f"relayed {moved} event(s)")
        else:
            logger.info("relay started", extra={"databases": [db.subgraph for db in databases]})
            if args.metrics_port:
                serve_metrics(args.metrics_port)
                await measure_outbox(databases)  # served from the start, then every pass

            async def housekeeping() -> None:
                await reconcile_all(databases, ledger, publish, policy)
                if args.metrics_port:
                    await measure_outbox(databases)

            async with outbox_notifications(databases) as wake:
                await run_relay(
                    databases,
                    publish,
                    stop,
                    interval=args.interval,
                    batch_size=args.batch_size,
                    wake=wake,
                    reconcile=housekeeping,
                    reconcile_every=policy.check_every,
                    heartbeat=Heartbeat(args.heartbeat_file),
                )
    finally:
        for db in {*databases, ledger}:
            await db.dispose()
    return 0
