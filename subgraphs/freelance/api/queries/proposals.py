"""Root query fields of proposals: the ones I sent or received."""

from __future__ import annotations

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.types.proposals import Proposal, ProposalDirection, ProposalStatus
from subgraphs.freelance.rules import listings
from subgraphs.kit.connection_fields import connection_field
from subgraphs.kit.connections import Connection, Page, paginate
from subgraphs.kit.viewer import me


@connection_field(description="Proposals I sent (as seller) or received (as buyer).")
async def my_proposals(
    info: Info,
    page: Page,
    direction: ProposalDirection = ProposalDirection.RECEIVED,
    status: ProposalStatus | None = None,
) -> Connection[Proposal]:
    statement, keys = listings.proposals_of(
        me(info), sent=direction is ProposalDirection.SENT, status=status
    )
    return await paginate(info.context.db, statement, keys, Proposal.from_row, page)
