"""Payloads of the category mutations."""

from __future__ import annotations

import strawberry

from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError
from subgraphs.marketplace.api.types.categories import ProductCategory


@strawberry.type
class ProductCategoryPayload:
    category: ProductCategory | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])
