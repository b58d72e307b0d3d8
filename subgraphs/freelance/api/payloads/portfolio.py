"""Payloads of the portfolio item mutations."""

from __future__ import annotations

from subgraphs.freelance.api.types.gigs import PortfolioItem
from subgraphs.kit.payloads import Payload


class PortfolioItemPayload(Payload):
    item: PortfolioItem | None = None


class DeletePortfolioItemPayload(Payload):
    deleted: bool = False

    @classmethod
    def of(cls, _: None) -> DeletePortfolioItemPayload:
        return cls(deleted=True)
