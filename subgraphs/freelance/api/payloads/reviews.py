"""Payloads of the review mutations."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api.types.gigs import Gig, Review
from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field


@strawberry.type
class ReviewPayload:
    review: Review | None = None
    gig: Gig | None = None
    errors: list[UserError] = errors_field()
