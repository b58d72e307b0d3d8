"""Inputs of the product list and the product mutations."""

from __future__ import annotations

import strawberry

from subgraphs.kit.scalars import Money
from subgraphs.kit.update_inputs import update_input
from subgraphs.marketplace.models import ProductCondition
from subgraphs.marketplace.rules.validation import ImageSpec


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


@update_input(
    CreateProductInput,
    description="Fields left out keep their value; `images` replaces the whole list. "
    "Quantity 0 marks an active product SOLD; stock again makes a sold one ACTIVE.",
)
class UpdateProductInput:
    id: strawberry.ID
