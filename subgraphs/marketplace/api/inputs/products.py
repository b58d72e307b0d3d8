"""Inputs and payloads of the marketplace's mutations and lists."""

from __future__ import annotations

from typing import Any

import strawberry

from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError
from subgraphs.kit.scalars import Money
from subgraphs.marketplace.types import (
    Product,
    ProductCategory,
    ProductCondition,
    ProductReview,
)
from subgraphs.marketplace.validation import ImageSpec


def given(input: object) -> dict[str, Any]:
    """The fields the client sent (a partial update leaves the others out)."""
    return {name: value for name, value in vars(input).items() if value is not strawberry.UNSET}


@strawberry.input
class ProductFilter:
    category_id: strawberry.ID | None = strawberry.field(
        default=None, description="This category and its subcategories."
    )
    city: str | None = strawberry.field(default=None, description="Case-insensitive.")
    condition: ProductCondition | None = None
    min_price: Money | None = None
    max_price: Money | None = None
    seller_id: strawberry.ID | None = None


@strawberry.input
class ProductImageInput:
    url: str
    caption: str | None = None
    is_primary: bool = False

    def spec(self) -> ImageSpec:
        return ImageSpec(url=self.url, caption=self.caption, is_primary=self.is_primary)


@strawberry.input
class CreateProductCategoryInput:
    name: str
    parent_id: strawberry.ID | None = None
    icon: str | None = None


@strawberry.input(description="Fields left out keep their value; `parentId: null` makes a root.")
class UpdateProductCategoryInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    parent_id: strawberry.ID | None = strawberry.UNSET
    icon: str | None = strawberry.UNSET


@strawberry.input(description="A new product starts as a DRAFT; `publishProduct` lists it.")
class CreateProductInput:
    title: str
    price: Money
    city: str
    condition: ProductCondition = ProductCondition.NEW
    description: str | None = None
    old_price: Money | None = None
    quantity: int = 1
    category_id: strawberry.ID | None = None
    images: list[ProductImageInput] = strawberry.field(
        default_factory=list, description="In display order; the first is primary by default."
    )


@strawberry.input(
    description="Fields left out keep their value; `images` replaces the whole list. "
    "Quantity 0 marks an active product SOLD; stock again makes a sold one ACTIVE."
)
class UpdateProductInput:
    id: strawberry.ID
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    price: Money | None = strawberry.UNSET
    old_price: Money | None = strawberry.UNSET
    condition: ProductCondition | None = strawberry.UNSET
    city: str | None = strawberry.UNSET
    quantity: int | None = strawberry.UNSET
    category_id: strawberry.ID | None = strawberry.UNSET
    images: list[ProductImageInput] | None = strawberry.UNSET


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


@strawberry.type
class ProductCategoryPayload:
    category: ProductCategory | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class ProductPayload:
    product: Product | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class DeleteProductPayload:
    deleted_product_id: strawberry.ID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class ProductReviewPayload:
    review: ProductReview | None = None
    product: Product | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class DeleteProductReviewPayload:
    deleted_review_id: strawberry.ID | None = None
    product: Product | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])
