"""Root mutation fields of the category tree (admins only; kit.category_mutations)."""

from __future__ import annotations

import strawberry

from subgraphs.kit.category_mutations import create_category, update_category
from subgraphs.marketplace.api import Info
from subgraphs.marketplace.api.inputs.categories import (
    CreateProductCategoryInput,
    UpdateProductCategoryInput,
)
from subgraphs.marketplace.api.payloads.categories import ProductCategoryPayload
from subgraphs.marketplace.rules.categories import CATEGORIES


@strawberry.mutation(description="Admins only.")
async def create_product_category(
    info: Info, input: CreateProductCategoryInput
) -> ProductCategoryPayload:
    return await create_category(info, ProductCategoryPayload, CATEGORIES, input)


@strawberry.mutation(description="Admins only; fields left out keep their value.")
async def update_product_category(
    info: Info, input: UpdateProductCategoryInput
) -> ProductCategoryPayload:
    return await update_category(info, ProductCategoryPayload, CATEGORIES, input)
