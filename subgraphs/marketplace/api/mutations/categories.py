"""The category tree's mutations: admins only."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.kit.context import ctx
from subgraphs.kit.transactions import attempt
from subgraphs.kit.viewer import me as _me
from subgraphs.marketplace.api import client_id, required_id
from subgraphs.marketplace.api.inputs import changes
from subgraphs.marketplace.api.inputs.categories import (
    CreateProductCategoryInput,
    UpdateProductCategoryInput,
)
from subgraphs.marketplace.api.payloads.categories import ProductCategoryPayload
from subgraphs.marketplace.api.types.categories import ProductCategory
from subgraphs.marketplace.rules import categories


@strawberry.type
class CategoryMutations:
    @strawberry.mutation(description="Admins only.")
    async def create_product_category(
        self, info: Info[Any, Any], input: CreateProductCategoryInput
    ) -> ProductCategoryPayload:
        _me(info, "ADMIN")

        async def work(session: AsyncSession) -> ProductCategory:
            row = await categories.create_category(
                session,
                name=input.name,
                parent_id=client_id(input.parent_id, "parentId", "category"),
                icon=input.icon,
            )
            return ProductCategory.from_row(row)

        category, errors = await attempt(ctx(info).db, work)
        return ProductCategoryPayload(category=category, errors=errors)

    @strawberry.mutation(description="Admins only; fields left out keep their value.")
    async def update_product_category(
        self, info: Info[Any, Any], input: UpdateProductCategoryInput
    ) -> ProductCategoryPayload:
        _me(info, "ADMIN")
        sent = changes(input)
        if "parent_id" in sent:
            sent["parent_id"] = client_id(sent["parent_id"], "parentId", "category")

        async def work(session: AsyncSession) -> ProductCategory:
            category_id = required_id(input.id, "id", "category")
            row = await categories.update_category(session, category_id, sent)
            return ProductCategory.from_row(row)

        category, errors = await attempt(ctx(info).db, work)
        return ProductCategoryPayload(category=category, errors=errors)
