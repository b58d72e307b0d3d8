"""Payloads of the category mutations."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api.payloads import errors_field
from subgraphs.freelance.api.types.categories import GigCategory
from subgraphs.kit.errors import UserError


@strawberry.type
class GigCategoryPayload:
    category: GigCategory | None = None
    errors: list[UserError] = errors_field()
