"""Payloads of the gig mutations."""

from __future__ import annotations

from subgraphs.freelance import models
from subgraphs.freelance.api.types.gigs import Gig
from subgraphs.kit.payloads import Payload


class GigPayload(Payload):
    gig: Gig | None = None


class DeleteGigPayload(
    Payload, description="`gig` is set when the gig had orders and was archived instead."
):
    deleted: bool = False
    gig: Gig | None = None

    @classmethod
    def of(cls, archived: models.Gig | None) -> DeleteGigPayload:
        return cls(
            deleted=archived is None, gig=None if archived is None else Gig.from_row(archived)
        )
