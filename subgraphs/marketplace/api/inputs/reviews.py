"""Inputs of the review mutations."""

from __future__ import annotations

import strawberry


@strawberry.input
class CreateProductReviewInput:
    product_id: strawberry.ID
    rating: int
    comment: str
    pros: str | None = None
    cons: str | None = None


@strawberry.input(description="Fields left out keep their value.")
class UpdateProductReviewInput:
    id: strawberry.ID
    rating: int | None = strawberry.UNSET
    comment: str | None = strawberry.UNSET
    pros: str | None = strawberry.UNSET
    cons: str | None = strawberry.UNSET
