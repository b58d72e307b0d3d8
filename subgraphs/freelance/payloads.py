"""Mutation payloads: the changed object(s) and `errors: [UserError!]!`."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.gig_types import Gig, GigCategory, PortfolioItem, Review
from subgraphs.freelance.order_types import Dispute, DisputeMessage, Order, Proposal
from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError


def _errors() -> list[UserError]:
    return strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class GigCategoryPayload:
    category: GigCategory | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class GigPayload:
    gig: Gig | None = None
    errors: list[UserError] = _errors()


@strawberry.type(description="`gig` is set when the gig had orders and was archived instead.")
class DeleteGigPayload:
    deleted: bool = False
    gig: Gig | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class OrderPayload:
    order: Order | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class DisputePayload:
    dispute: Dispute | None = None
    order: Order | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class DisputeMessagePayload:
    message: DisputeMessage | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class ReviewPayload:
    review: Review | None = None
    gig: Gig | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class ProposalPayload:
    proposal: Proposal | None = None
    order: Order | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class PortfolioItemPayload:
    item: PortfolioItem | None = None
    errors: list[UserError] = _errors()


@strawberry.type
class DeletePortfolioItemPayload:
    deleted: bool = False
    errors: list[UserError] = _errors()
