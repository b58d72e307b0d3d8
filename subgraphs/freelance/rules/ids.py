"""Ids from clients: a malformed id is simply an object that does not exist (`NOT_FOUND`).

The API's id arguments are named here once (`ids.gig(input.gig_id)`): each knows its GraphQL
name, which a `NOT_FOUND` names, and what it names ("No such gig.").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from subgraphs.kit.ids import existing_id, optional_id


@dataclass(frozen=True)
class IdArgument:
    """An id argument of the API: its GraphQL name and what it names."""

    field: str
    what: str

    def __call__(self, value: object) -> uuid.UUID:
        return existing_id(value, self.field, self.what)

    def optional(self, value: object | None) -> uuid.UUID | None:
        return optional_id(value, self.field, self.what)


gig = IdArgument("gigId", "gig")
order = IdArgument("orderId", "order")
dispute = IdArgument("disputeId", "dispute")
proposal = IdArgument("proposalId", "proposal")
review = IdArgument("reviewId", "review")
buyer = IdArgument("buyerId", "user")
portfolio_item = IdArgument("id", "portfolio item")
category = IdArgument("categoryId", "category")
