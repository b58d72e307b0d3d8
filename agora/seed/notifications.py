"""Notifications from the seed's own events, through the notifications service.

The other parts of the seed leave their outbox rows marked as handled (agora.seed.writes):
this part takes, per account, the newest of them and hands each to `accept_event`, the
function the Celery worker runs for every event (preferences, hourly cap, one notification per
event id). Delivering every event the real way (outbox -> relay -> Celery -> worker) would take
many minutes for the medium size and mail every demo address.

Preferences first: generated accounts turn email and push off (their addresses are made up);
the demo accounts keep theirs, with email and push off only while their history is delivered,
so nothing old is mailed. About half of the generated accounts have read what they got.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import and_, func, select

from agora.seed.accounts import Account
from agora.seed.sizes import DEMO_NOTIFICATIONS, Size
from agora.seed.writes import Tally
from subgraphs.kit.database import Database
from subgraphs.kit.outbox import OutboxEvent

CONCURRENT_RECIPIENTS = 4
READ_SHARE = 0.5
QUIET = {"email": False, "push": False}


async def _handled_events(db: Database, recipients: Sequence[str], newest: int) -> list[Any]:
    """The newest `newest` events per recipient that the seed marked handled (sent, never
    published: `attempts = 0`), oldest first."""
    from subgraphs.kit.outbox import OUTBOX

    if not recipients:
        return []
    ranked = (
        select(
            OUTBOX,
            func.row_number()
            .over(
                partition_by=OUTBOX.c.recipient_id,
                # One transaction's rows share created_at: the id settles it, the same each run.
                order_by=(OUTBOX.c.created_at.desc(), OUTBOX.c.id.desc()),
            )
            .label("rank"),
        )
        .where(
            and_(
                OUTBOX.c.sent_at.is_not(None),
                OUTBOX.c.attempts == 0,
                OUTBOX.c.recipient_id.in_(list(recipients)),
            )
        )
        .subquery()
    )
    statement = select(ranked).where(ranked.c.rank <= newest).order_by(ranked.c.created_at)
    async with db.session() as session:
        return list((await session.execute(statement)).all())


async def _events_by_recipient(
    sources: Mapping[str, Database], accounts: Sequence[Account], size: Size
) -> dict[str, list[OutboxEvent]]:
    """Per account, its newest events of all sources together, oldest first."""
    from subgraphs.notifications.rules.catalogue import kind_of

    wanted: dict[str, int] = {
        str(account.id): DEMO_NOTIFICATIONS if account.demo else size.notifications_per_user
        for account in accounts
    }
    rows: dict[str, list[tuple[str, Any]]] = {recipient: [] for recipient in wanted}
    for newest in sorted(set(wanted.values())):
        recipients = [recipient for recipient, count in wanted.items() if count == newest]
        for source, db in sources.items():
            for row in await _handled_events(db, recipients, newest):
                kind = kind_of(row.kind)
                if kind is not None and not kind.email_only:  # the verification email: no
                    rows[row.recipient_id].append((source, row))
    events = {}
    for recipient, found in rows.items():
        found.sort(key=lambda pair: (pair[1].created_at, pair[1].id))
        events[recipient] = [
            OutboxEvent.from_row(row, source) for source, row in found[-wanted[recipient] :]
        ]
    return events


async def _quiet_generated_accounts(db: Database, accounts: Sequence[Account]) -> None:
    from subgraphs.notifications.models import NotificationPreferences
    from subgraphs.notifications.rules.preferences import update_preferences

    generated = [str(account.id) for account in accounts if not account.demo]
    async with db.session() as session:
        rows = await session.execute(
            select(NotificationPreferences.user_id).where(
                NotificationPreferences.user_id.in_(generated)
            )
        )
        chosen = set(rows.scalars())
    async with db.session() as session, session.begin():
        for user_id in generated:
            if user_id not in chosen:
                await update_preferences(session, user_id, QUIET)


async def _deliver(
    db: Database, recipient: Account, events: Sequence[Any], tally: Tally, read: bool
) -> None:
    from pipeline.notify.settings import get_notify_settings
    from subgraphs.notifications.rules.delivery import accept_event
    from subgraphs.notifications.rules.notifications import mark_all_read
    from subgraphs.notifications.rules.preferences import load_preferences, update_preferences

    user_id = str(recipient.id)
    restore: dict[str, bool] = {}
    if recipient.demo:
        async with db.session() as session, session.begin():
            preferences = await load_preferences(session, user_id)
            restore = {"email": preferences.email, "push": preferences.push}
            await update_preferences(session, user_id, QUIET)
    cap = get_notify_settings().hourly_notification_cap
    for event in events:
        await accept_event(db, event, hourly_cap=cap)
        tally.written += 1
    async with db.session() as session, session.begin():
        if restore:
            await update_preferences(session, user_id, restore)
        if read:
            await mark_all_read(session, user_id)


async def seed_part(
    db: Database,
    sources: Mapping[str, Database],
    accounts: Sequence[Account],
    size: Size,
    tally: Tally,
    advance: Callable[[str, int], None],
) -> None:
    from subgraphs.notifications.models import ReceivedEvent

    await _quiet_generated_accounts(db, accounts)
    events = await _events_by_recipient(sources, accounts, size)
    ids = [event.id for found in events.values() for event in found]
    async with db.session() as session:
        rows = await session.execute(
            select(ReceivedEvent.event_id).where(ReceivedEvent.event_id.in_(ids))
        )
        received: set[uuid.UUID] = set(rows.scalars())
    rng = random.Random(f"agora-seed-notifications-{size.name}")
    slots = asyncio.Semaphore(CONCURRENT_RECIPIENTS)

    async def one(account: Account, read: bool) -> None:
        todo = [event for event in events.get(str(account.id), []) if event.id not in received]
        if todo:
            async with slots:
                await _deliver(db, account, todo, tally, read)
        advance("notifications", 1)

    reads = [not account.demo and rng.random() < READ_SHARE for account in accounts]
    await asyncio.gather(
        *(one(account, read) for account, read in zip(accounts, reads, strict=True))
    )
