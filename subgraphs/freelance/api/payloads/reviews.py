"""Payloads of the review mutations."""

from __future__ import annotations

from subgraphs.freelance.api.types.gigs import Gig, Review
from subgraphs.kit.payloads import Payload


class ReviewPayload(Payload):
    review: Review | None = None
    gig: Gig | None = None
