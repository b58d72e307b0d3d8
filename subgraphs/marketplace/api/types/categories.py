"""The category tree as GraphQL sees it (fields: kit.category_tree); parents and children
come through the loaders."""

from __future__ import annotations

import uuid

import strawberry

from subgraphs.kit.category_tree import CATEGORIES, CategoryNode
from subgraphs.kit.info import loaders
from subgraphs.marketplace.api import Info


@strawberry.type
class ProductCategory(CategoryNode):
    @classmethod
    async def load(cls, info: Info, category_id: uuid.UUID | None) -> ProductCategory | None:
        """The category of `category_id` through the request's loader, None for none."""
        if category_id is None:
            return None
        row = await loaders(info).category_by_id.load(category_id)
        return None if row is None else cls.from_row(row)

    @strawberry.field
    async def parent(self, info: Info) -> ProductCategory | None:
        return await ProductCategory.load(info, self._parent_id)

    @strawberry.field(description="Direct subcategories, by name.", directives=[CATEGORIES])
    async def children(self, info: Info) -> list[ProductCategory]:
        rows = await loaders(info).children_by_category.load(uuid.UUID(self.id))
        return [ProductCategory.from_row(row) for row in rows]
