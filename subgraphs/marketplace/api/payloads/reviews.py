"""Payloads of the review mutations: each carries the product, whose rating just changed."""

from __future__ import annotations

import strawberry

from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field
from subgraphs.marketplace import models
from subgraphs.marketplace.api.types.products import Product, ProductReview


@strawberry.type
class ProductReviewPayload:
    review: ProductReview | None = None
    product: Product | None = None
    errors: list[UserError] = errors_field()

    @classmethod
    def of(cls, result: tuple[models.ProductReview, models.Product]) -> ProductReviewPayload:
        review, product = result
        return cls(review=ProductReview.from_row(review), product=Product.from_row(product))


@strawberry.type
class DeleteProductReviewPayload:
    deleted_review_id: strawberry.ID | None = None
    product: Product | None = None
    errors: list[UserError] = errors_field()
