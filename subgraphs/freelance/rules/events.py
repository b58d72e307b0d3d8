"""Outbox events of the freelance domain (kinds are those DOMAIN.md §5 lists)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.models import Outbox
from subgraphs.kit.outbox import record_event


def emit(
    session: AsyncSession,
    kind: str,
    *,
    recipient: uuid.UUID,
    actor: uuid.UUID | None,
    **data: Any,
) -> None:
    """One notification-worthy event, written in the caller's transaction."""
    record_event(
        session,
        Outbox,
        kind=kind,
        recipient_id=recipient,
        actor_id=actor,
        data=data,
    )
