"""The category tree's mutations: admins only."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.fields import sent_fields
from subgraphs.kit.mutations import run_mutation
from subgraphs.marketplace import models
from subgraphs.marketplace.api import Info, client_id, required_id
from subgraphs.marketplace.api.inputs.categories import (
    CreateProductCategoryInput,
    UpdateProductCategoryInput,
)
from subgraphs.marketplace.api.payloads.categories import ProductCategoryPayload
from subgraphs.marketplace.rules import categories


@strawberry.type
class CategoryMutations:
    @strawberry.mutation(description="Admins only.")
    async def create_product_category(
        self, info: Info, input: CreateProductCategoryInput
    ) -> ProductCategoryPayload:
        info.context.require_role("ADMIN")

        async def work(session: AsyncSession) -> models.ProductCategory:
            return await categories.CATEGORIES.create(
                session,
                name=input.name,
                parent_id=client_id(input.parent_id, "parentId", "category"),
                icon=input.icon,
            )

        return await run_mutation(info, ProductCategoryPayload, work)

    @strawberry.mutation(description="Admins only; fields left out keep their value.")
    async def update_product_category(
        self, info: Info, input: UpdateProductCategoryInput
    ) -> ProductCategoryPayload:
        info.context.require_role("ADMIN")
        sent = sent_fields(input, skip=("id",))
        if "parent_id" in sent:
            sent["parent_id"] = client_id(sent["parent_id"], "parentId", "category")

        async def work(session: AsyncSession) -> models.ProductCategory:
            category_id = required_id(input.id, "id", "category")
            return await categories.CATEGORIES.update(session, category_id, sent)

        return await run_mutation(info, ProductCategoryPayload, work)
