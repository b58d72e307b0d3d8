"""Root query fields of disputes (moderators)."""

from __future__ import annotations

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.types.orders import Dispute, DisputeStatus
from subgraphs.freelance.rules import listings
from subgraphs.kit.connection_fields import connection_field
from subgraphs.kit.connections import Connection, Page, paginate


@connection_field(description="Moderators only; newest first.")
async def disputes(
    info: Info, page: Page, status: DisputeStatus | None = None
) -> Connection[Dispute]:
    info.context.require_role("MODERATOR")
    statement, keys = listings.disputes(status)
    return await paginate(info.context.db, statement, keys, Dispute.from_row, page)
