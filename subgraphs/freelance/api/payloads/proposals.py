"""Payloads of the proposal mutations."""

from __future__ import annotations

from subgraphs.freelance.api.types.orders import Order
from subgraphs.freelance.api.types.proposals import Proposal
from subgraphs.kit.payloads import Payload


class ProposalPayload(Payload):
    proposal: Proposal | None = None
    order: Order | None = None
