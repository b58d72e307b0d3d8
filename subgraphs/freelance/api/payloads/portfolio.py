"""Payloads of the portfolio item mutations."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api.types.gigs import PortfolioItem
from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field


@strawberry.type
class PortfolioItemPayload:
    item: PortfolioItem | None = None
    errors: list[UserError] = errors_field()


@strawberry.type
class DeletePortfolioItemPayload:
    deleted: bool = False
    errors: list[UserError] = errors_field()
