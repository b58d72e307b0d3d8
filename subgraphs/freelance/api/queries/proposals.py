"""Root query fields of proposals: the ones I sent or received."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.types.proposals import Proposal, ProposalDirection, ProposalStatus
from subgraphs.freelance.rules import listings
from subgraphs.kit.connections import Connection, paginate
from subgraphs.kit.demand import CONNECTION
from subgraphs.kit.viewer import me


@strawberry.type
class ProposalQueries:
    @strawberry.field(
        description="Proposals I sent (as seller) or received (as buyer).", directives=[CONNECTION]
    )
    async def my_proposals(
        self,
        info: Info,
        direction: ProposalDirection = ProposalDirection.RECEIVED,
        status: ProposalStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Proposal]:
        statement, keys = listings.proposals_of(
            me(info), sent=direction is ProposalDirection.SENT, status=status
        )
        return await paginate(
            info.context.db, statement, keys, Proposal.from_row, first=first, after=after
        )
