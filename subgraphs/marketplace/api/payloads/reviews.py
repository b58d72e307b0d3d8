"""Payloads of the review mutations: each carries the product, whose rating just changed."""

from __future__ import annotations

import strawberry

from subgraphs.kit.payloads import Payload
from subgraphs.marketplace.api.types.products import Product, ProductReview


class ProductReviewPayload(Payload):
    review: ProductReview | None = None
    product: Product | None = None


class DeleteProductReviewPayload(Payload):
    deleted_review_id: strawberry.ID | None = None
    product: Product | None = None
