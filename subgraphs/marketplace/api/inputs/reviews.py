"""Inputs of the review mutations."""

from __future__ import annotations

import strawberry

from subgraphs.kit.update_inputs import update_input


@strawberry.input
class CreateProductReviewInput:
    product_id: strawberry.ID
    rating: int
    comment: str
    pros: str | None = None
    cons: str | None = None


@update_input(CreateProductReviewInput, skip=("product_id",))
class UpdateProductReviewInput:
    id: strawberry.ID
