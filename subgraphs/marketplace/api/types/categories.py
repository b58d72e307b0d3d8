"""The category tree as GraphQL sees it (fields: kit.category_tree); parents and children
come through the loaders."""

from __future__ import annotations

import strawberry

from subgraphs.kit.category_tree import CATEGORIES, CategoryNode
from subgraphs.marketplace.api import Info


@strawberry.type
class ProductCategory(CategoryNode):
    @strawberry.field
    async def parent(self, info: Info) -> ProductCategory | None:
        return await ProductCategory.load(info, self._parent_id)

    @strawberry.field(description="Direct subcategories, by name.", directives=[CATEGORIES])
    async def children(self, info: Info) -> list[ProductCategory]:
        return await self.subcategories(info)
