"""The gig category tree as a GraphQL type (fields: kit.category_tree)."""

from __future__ import annotations

import uuid

import strawberry

from subgraphs.freelance.api import Info, load_one
from subgraphs.kit.category_tree import CATEGORIES, CategoryNode
from subgraphs.kit.info import loaders


@strawberry.type
class GigCategory(CategoryNode):
    @strawberry.field
    async def parent(self, info: Info) -> GigCategory | None:
        return await GigCategory.load(info, self._parent_id)

    @strawberry.field(directives=[CATEGORIES])
    async def children(self, info: Info) -> list[GigCategory]:
        rows = await loaders(info).children_by_category.load(uuid.UUID(self.id))
        return [GigCategory.from_row(row) for row in rows]

    @classmethod
    async def load(cls, info: Info, category_id: uuid.UUID | None) -> GigCategory | None:
        """The category with this id (None for none), through the request's loader."""
        return await load_one(loaders(info).category_by_id, category_id, cls.from_row)
