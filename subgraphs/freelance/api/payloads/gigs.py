"""Payloads of the gig mutations."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api.types.gigs import Gig
from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field


@strawberry.type
class GigPayload:
    gig: Gig | None = None
    errors: list[UserError] = errors_field()


@strawberry.type(description="`gig` is set when the gig had orders and was archived instead.")
class DeleteGigPayload:
    deleted: bool = False
    gig: Gig | None = None
    errors: list[UserError] = errors_field()
