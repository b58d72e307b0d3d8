"""Payloads of the category mutations."""

from __future__ import annotations

import strawberry

from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field
from subgraphs.marketplace.api.types.categories import ProductCategory


@strawberry.type
class ProductCategoryPayload:
    category: ProductCategory | None = None
    errors: list[UserError] = errors_field()
