"""Payloads of the proposal mutations."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api.types.orders import Order
from subgraphs.freelance.api.types.proposals import Proposal
from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field


@strawberry.type
class ProposalPayload:
    proposal: Proposal | None = None
    order: Order | None = None
    errors: list[UserError] = errors_field()
