"""The relay's reconciler: an outbox row is delivered only once its event is stored.

The relay marks a row sent when the broker took its task, but the broker can still lose the
task (Redis killed before its append-only file had it, a flushed queue) and a worker can die
holding it. So now and then the relay takes the sent, unconfirmed rows that have waited longer
than the confirm timeout T, asks the notifications database which of their events the worker
has finished (its `received_events` ledger row exists and the notification it made, if any,
went out live), marks those confirmed and publishes the others again. The worker is idempotent
by event id: a second copy of a stored event changes nothing.

Publication n is given T * 2**(n-1) (at most 64 T) before the next; a row still unconfirmed
after `max_attempts` publications is left alone, with an error logged.

Cost: a row is looked at once in the normal case, T after it was sent: one primary-key lookup
in the ledger, found through the partial index `ix_outbox_unconfirmed`, at most `batch_size`
rows per database per pass. Order: a re-sent event may reach its recipient after later ones;
the notification keeps the time of its cause (`createdAt`), so lists stay in order.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Float, func, literal, or_, select, update

from pipeline.relay_publish import Publisher, RelayError, publish_in_order
from subgraphs.kit.database import Database
from subgraphs.kit.outbox import OUTBOX, OutboxEvent
from subgraphs.notifications.models import Notification, ReceivedEvent

logger = logging.getLogger("agora.relay")

# Waits double up to 2**6 T: with T = 60 s and 8 attempts, an event is tried for ~2.5 hours.
MAX_DOUBLINGS = 6


@dataclass(frozen=True)
class Policy:
    confirm_timeout: float = 60.0  # seconds a sent event has to be stored before a re-send
    max_attempts: int = 8  # publications of one row, the first included
    batch_size: int = 500

    @property
    def check_every(self) -> float:
        """Seconds between passes: a fraction of T, so a re-send is at most T/4 late."""
        return max(0.1, min(5.0, self.confirm_timeout / 4))


@dataclass(frozen=True)
class Reconciled:
    confirmed: int = 0
    resent: int = 0
    abandoned: int = 0

    def __add__(self, other: Reconciled) -> Reconciled:
        return Reconciled(
            self.confirmed + other.confirmed,
            self.resent + other.resent,
            self.abandoned + other.abandoned,
        )


async def finished_events(ledger: Database, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these events the notifications worker is done with."""
    if not ids:
        return set()
    statement = (
        select(ReceivedEvent.event_id)
        .outerjoin(Notification, Notification.event_id == ReceivedEvent.event_id)
        .where(ReceivedEvent.event_id.in_(ids))
        # Stored but not yet published (the worker died in between): not done.
        .where(or_(Notification.id.is_(None), Notification.published_at.is_not(None)))
    )
    async with ledger.session() as session:
        return set((await session.execute(statement)).scalars())


def _waited_long_enough(policy: Policy) -> ColumnElement[bool]:
    doublings = func.least(func.greatest(OUTBOX.c.attempts - 1, 0), MAX_DOUBLINGS)
    seconds = literal(policy.confirm_timeout, Float) * func.power(2, doublings)
    return OUTBOX.c.sent_at < func.now() - func.make_interval(0, 0, 0, 0, 0, 0, seconds)


async def reconcile_once(
    db: Database, ledger: Database, publish: Publisher, policy: Policy
) -> Reconciled:
    """One batch of one database's overdue rows: confirmed, re-sent or given up."""
    async with db.session() as session, session.begin():
        rows = (
            await session.execute(
                select(OUTBOX)
                .where(
                    OUTBOX.c.sent_at.is_not(None),
                    OUTBOX.c.confirmed_at.is_(None),
                    OUTBOX.c.attempts <= policy.max_attempts,
                    _waited_long_enough(policy),
                )
                .order_by(OUTBOX.c.sent_at, OUTBOX.c.created_at)
                .limit(policy.batch_size)
                .with_for_update(skip_locked=True)  # another relay's reconciler skips them
            )
        ).all()
        if not rows:
            return Reconciled()
        finished = await finished_events(ledger, [row.id for row in rows])
        if finished:
            await session.execute(
                update(OUTBOX).where(OUTBOX.c.id.in_(finished)).values(confirmed_at=func.now())
            )
        unfinished = [row for row in rows if row.id not in finished]
        given_up = [row.id for row in unfinished if row.attempts >= policy.max_attempts]
        if given_up:  # past max_attempts: out of every later scan
            await session.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id.in_(given_up))
                .values(attempts=OUTBOX.c.attempts + 1)
            )
            logger.error(
                "events never stored; no more re-sends",
                extra={"subgraph": db.subgraph, "events": [str(i) for i in given_up]},
            )
        retry = [
            OutboxEvent.from_row(row, db.subgraph)
            for row in unfinished
            if row.attempts < policy.max_attempts
        ]
        published, error = await asyncio.to_thread(publish_in_order, retry, publish)
        if published:
            await session.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id.in_([event.id for event in retry[:published]]))
                .values(sent_at=func.now(), attempts=OUTBOX.c.attempts + 1)
            )
            logger.warning(
                "events not stored in time: sent again",
                extra={"subgraph": db.subgraph, "count": published},
            )
    if error is not None:
        raise RelayError(db.subgraph, published, error)
    return Reconciled(len(finished), published, len(given_up))


async def reconcile_all(
    databases: Sequence[Database], ledger: Database, publish: Publisher, policy: Policy
) -> Reconciled:
    """One batch per database; a database (or the ledger) that fails is tried next time."""
    total = Reconciled()
    for db in databases:
        try:
            total += await reconcile_once(db, ledger, publish, policy)
        except Exception:
            logger.exception("reconciling the outbox failed", extra={"subgraph": db.subgraph})
    return total
