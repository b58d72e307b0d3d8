"""What content tells the notifications: outbox rows written in the transaction of their cause
(the relay publishes them after the commit)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.content.models import Channel, EventKind, Outbox
from subgraphs.kit.outbox import record_event


def tell(
    session: AsyncSession,
    kind: EventKind,
    recipient_id: uuid.UUID,
    actor_id: uuid.UUID,
    data: dict[str, Any],
) -> None:
    record_event(
        session,
        Outbox,
        kind=kind,
        recipient_id=recipient_id,
        actor_id=actor_id,
        data=data,
    )


def about_channel(channel: Channel) -> dict[str, Any]:
    """What the events of a channel say about it."""
    return {"channelId": channel.id, "channelName": channel.name}
