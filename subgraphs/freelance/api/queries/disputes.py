"""Root query fields of disputes (moderators)."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.types.orders import Dispute, DisputeStatus
from subgraphs.freelance.rules import listings
from subgraphs.kit.connections import Connection, paginate
from subgraphs.kit.demand import CONNECTION


@strawberry.type
class DisputeQueries:
    @strawberry.field(description="Moderators only; newest first.", directives=[CONNECTION])
    async def disputes(
        self,
        info: Info,
        status: DisputeStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Dispute]:
        info.context.require_role("MODERATOR")
        statement, keys = listings.disputes(status)
        return await paginate(
            info.context.db, statement, keys, Dispute.from_row, first=first, after=after
        )
