"""Payloads of the category mutations."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api.types.categories import GigCategory
from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field


@strawberry.type
class GigCategoryPayload:
    category: GigCategory | None = None
    errors: list[UserError] = errors_field()
