"""Payloads of the product and favorite mutations."""

from __future__ import annotations

import strawberry

from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError
from subgraphs.marketplace import models
from subgraphs.marketplace.api.types.products import Product


@strawberry.type
class ProductPayload:
    product: Product | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])

    @classmethod
    def of(cls, row: models.Product | None, errors: list[UserError]) -> ProductPayload:
        return cls(product=None if row is None else Product.from_row(row), errors=errors)


@strawberry.type
class DeleteProductPayload:
    deleted_product_id: strawberry.ID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])
