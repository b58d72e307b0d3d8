"""Reading the freelance outbox in tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from subgraphs.kit.database import Database


async def events_about(db: Database, key: str, value: str) -> list[Any]:
    """Outbox rows whose data[key] == value, oldest first."""
    async with db.session() as session:
        result = await session.execute(
            text(
                "SELECT kind, recipient_id, actor_id, data FROM outbox "
                "WHERE data->>:key = :value ORDER BY created_at, kind, recipient_id"
            ),
            {"key": key, "value": value},
        )
        return list(result.all())


def kinds_and_recipients(rows: list[Any]) -> list[tuple[str, str]]:
    return [(row.kind, row.recipient_id) for row in rows]
