"""Waking the relay as soon as an outbox row is committed: PostgreSQL LISTEN/NOTIFY.

Every subgraph's `outbox` table has the `outbox_notify` trigger (OUTBOX_NOTIFY_TRIGGER, frozen
in each subgraph's migration 0002), which sends a NOTIFY on `agora_outbox` when a transaction
that inserted rows commits. The relay LISTENs on every database; a database without the trigger
(not migrated yet) just never says anything and is polled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any

from subgraphs.kit.database import Database

logger = logging.getLogger("agora.relay")

CHANNEL = "agora_outbox"

# For a subgraph's own migration: `for statement in OUTBOX_NOTIFY_TRIGGER: op.execute(statement)`
# (and DROP_OUTBOX_NOTIFY_TRIGGER on downgrade). One NOTIFY per statement, sent at commit.
OUTBOX_NOTIFY_TRIGGER = (
    f"""
    CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('{CHANNEL}', '');
      RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
      FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()
    """,
)
DROP_OUTBOX_NOTIFY_TRIGGER = (
    "DROP TRIGGER IF EXISTS outbox_notify ON outbox",
    "DROP FUNCTION IF EXISTS outbox_notify()",
)


@contextlib.asynccontextmanager
async def outbox_notifications(databases: Sequence[Database]) -> AsyncIterator[asyncio.Event]:
    """An event set whenever any database announces new outbox rows (clear it before a pass)."""
    wake = asyncio.Event()

    def notified(*_: Any) -> None:
        wake.set()

    async with contextlib.AsyncExitStack() as stack:
        for db in databases:
            try:
                connection = await stack.enter_async_context(db.engine.connect())
                raw = (await connection.get_raw_connection()).driver_connection
                assert raw is not None
                await raw.add_listener(CHANNEL, notified)
            except Exception:  # a database that is down now is still polled later
                logger.warning("cannot LISTEN; polling only", extra={"subgraph": db.subgraph})
        yield wake
