"""Root mutation fields of proposals: a seller sends one, its buyer accepts or rejects it."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.inputs.proposals import SendProposalInput
from subgraphs.freelance.api.payloads.proposals import ProposalPayload
from subgraphs.freelance.models import Proposal as ProposalRow
from subgraphs.freelance.rules import ids, proposals
from subgraphs.kit.fields import sent_fields
from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me


@strawberry.mutation(description="The gig's seller offers custom terms to one buyer.")
async def send_proposal(info: Info, input: SendProposalInput) -> ProposalPayload:
    seller = me(info)

    async def work(session: AsyncSession) -> ProposalRow:
        return await proposals.send(
            session,
            seller,
            gig_id=ids.gig(input.gig_id),
            buyer_id=ids.buyer(input.buyer_id),
            **sent_fields(input, skip=("gig_id", "buyer_id")),  # the terms and the message
        )

    return await run_mutation(info, ProposalPayload, work)


@strawberry.mutation(description="The buyer; creates a PENDING order with the terms.")
async def accept_proposal(info: Info, proposal_id: strawberry.ID) -> ProposalPayload:
    buyer = me(info)
    return await run_mutation(
        info, ProposalPayload, lambda s: proposals.accept(s, ids.proposal(proposal_id), buyer)
    )


@strawberry.mutation(description="The buyer.")
async def reject_proposal(info: Info, proposal_id: strawberry.ID) -> ProposalPayload:
    buyer = me(info)
    return await run_mutation(
        info, ProposalPayload, lambda s: proposals.reject(s, ids.proposal(proposal_id), buyer)
    )
