"""The reconciler on real PostgreSQL: sent rows are confirmed from the worker's ledger, the
others sent again after the confirm timeout (doubling), and given up after max_attempts."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

import pytest
from sqlalchemy import func, select, update

from pipeline.relay import relay_once
from pipeline.relay_publish import RelayError
from pipeline.relay_reconcile import Policy, finished_events, reconcile_once
from subgraphs.kit.database import Database
from subgraphs.kit.outbox import OutboxEvent
from subgraphs.notifications.models import Notification, Outbox, ReceivedEvent
from tests.integration.notifications.conftest import new_event, write_outbox

POLICY = Policy(confirm_timeout=60.0, max_attempts=3)


async def settle(db: Database) -> None:
    """Earlier tests' rows: sent and confirmed, so this test's passes see only its own."""
    while await relay_once(db, lambda event: None, batch_size=1000):
        pass
    async with db.session() as session, session.begin():
        await session.execute(
            update(Outbox).where(Outbox.confirmed_at.is_(None)).values(confirmed_at=func.now())
        )


async def sent_ago(db: Database, events: Sequence[OutboxEvent], seconds: float) -> None:
    async with db.session() as session, session.begin():
        await session.execute(
            update(Outbox)
            .where(Outbox.id.in_([e.id for e in events]))
            .values(sent_at=func.now() - dt.timedelta(seconds=seconds))
        )


async def stored(db: Database, event: OutboxEvent, *, published: bool) -> None:
    """What the worker leaves behind: its ledger row and the notification."""
    async with db.session() as session, session.begin():
        session.add(
            ReceivedEvent(
                event_id=event.id,
                recipient_id=event.recipient_id,
                kind=event.kind,
                outcome="DELIVERED",
            )
        )
        session.add(
            Notification(
                event_id=event.id,
                recipient_id=event.recipient_id,
                kind=event.kind,
                category="orders",
                title="New order",
                body="",
                published_at=func.now() if published else None,
            )
        )


async def states(db: Database, events: Sequence[OutboxEvent]) -> dict[uuid.UUID, tuple[bool, int]]:
    """(confirmed, attempts) per event."""
    async with db.session() as session:
        rows = await session.execute(
            select(Outbox.id, Outbox.confirmed_at, Outbox.attempts).where(
                Outbox.id.in_([e.id for e in events])
            )
        )
        return {row.id: (row.confirmed_at is not None, row.attempts) for row in rows}


async def test_stored_events_are_confirmed_and_the_others_sent_again(notify_db: Database) -> None:
    await settle(notify_db)
    done, unpublished, lost, recent = (new_event("ORDER_PLACED", str(uuid.uuid4())) for _ in "1234")
    await write_outbox(notify_db, done, unpublished, lost, recent)
    assert await relay_once(notify_db, lambda event: None) == 4
    await stored(notify_db, done, published=True)
    await stored(notify_db, unpublished, published=False)  # the worker died before publishing
    await sent_ago(notify_db, [done, unpublished, lost], POLICY.confirm_timeout + 1)
    assert await finished_events(notify_db, [e.id for e in (done, unpublished, lost)]) == {done.id}

    resent: list[OutboxEvent] = []
    outcome = await reconcile_once(notify_db, notify_db, resent.append, POLICY)
    assert (outcome.confirmed, outcome.resent, outcome.abandoned) == (1, 2, 0)
    assert [e.id for e in resent] == [unpublished.id, lost.id]
    assert resent[1].to_message()["kind"] == "ORDER_PLACED"
    assert await states(notify_db, [done, unpublished, lost, recent]) == {
        done.id: (True, 1),
        unpublished.id: (False, 2),
        lost.id: (False, 2),
        recent.id: (False, 1),  # sent just now: not looked at yet
    }
    # Just sent again: nothing is due until the timeout has passed once more.
    assert await reconcile_once(notify_db, notify_db, resent.append, POLICY) == type(outcome)()


async def test_waits_double_and_a_row_is_given_up_after_max_attempts(
    notify_db: Database,
) -> None:
    await settle(notify_db)
    lost = new_event("ORDER_ACCEPTED", str(uuid.uuid4()))
    await write_outbox(notify_db, lost)
    assert await relay_once(notify_db, lambda event: None) == 1
    resent: list[uuid.UUID] = []

    def publish(event: OutboxEvent) -> None:
        resent.append(event.id)

    timeout = POLICY.confirm_timeout
    for attempt, waits in ((1, 1), (2, 2), (3, 4)):  # publication n waits T * 2**(n-1)
        await sent_ago(notify_db, [lost], timeout * waits - 5)
        assert (await reconcile_once(notify_db, notify_db, publish, POLICY)).resent == 0
        await sent_ago(notify_db, [lost], timeout * waits + 5)
        outcome = await reconcile_once(notify_db, notify_db, publish, POLICY)
        if attempt < POLICY.max_attempts:
            assert outcome.resent == 1 and len(resent) == attempt
        else:  # the third publication was the last
            assert (outcome.resent, outcome.abandoned) == (0, 1)
    assert resent == [lost.id, lost.id]
    await sent_ago(notify_db, [lost], timeout * 100)
    assert await reconcile_once(notify_db, notify_db, publish, POLICY) == type(outcome)()
    assert await states(notify_db, [lost]) == {lost.id: (False, POLICY.max_attempts + 1)}


async def test_a_failed_publish_leaves_the_row_due(notify_db: Database) -> None:
    await settle(notify_db)
    lost = new_event("GIG_APPROVED", str(uuid.uuid4()))
    await write_outbox(notify_db, lost)
    assert await relay_once(notify_db, lambda event: None) == 1
    await sent_ago(notify_db, [lost], POLICY.confirm_timeout + 1)

    def broken(event: OutboxEvent) -> None:
        raise ConnectionError("the broker is down")

    with pytest.raises(RelayError, match="publishing failed after 0 event"):
        await reconcile_once(notify_db, notify_db, broken, POLICY)
    assert await states(notify_db, [lost]) == {lost.id: (False, 1)}
    resent: list[OutboxEvent] = []
    assert (await reconcile_once(notify_db, notify_db, resent.append, POLICY)).resent == 1
