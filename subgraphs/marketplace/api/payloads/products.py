"""Payloads of the product and favorite mutations."""

from __future__ import annotations

import strawberry

from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field
from subgraphs.marketplace import models
from subgraphs.marketplace.api.types.products import Product


@strawberry.type
class ProductPayload:
    product: Product | None = None
    errors: list[UserError] = errors_field()

    @classmethod
    def of(cls, row: models.Product) -> ProductPayload:
        return cls(product=Product.from_row(row))


@strawberry.type
class DeleteProductPayload:
    deleted_product_id: strawberry.ID | None = None
    errors: list[UserError] = errors_field()
