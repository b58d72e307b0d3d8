"""The gig category tree as a GraphQL type (fields: kit.category_tree)."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api import Info
from subgraphs.kit.category_tree import CATEGORIES, CategoryNode


@strawberry.type
class GigCategory(CategoryNode):
    @strawberry.field
    async def parent(self, info: Info) -> GigCategory | None:
        return await GigCategory.load(info, self._parent_id)

    @strawberry.field(directives=[CATEGORIES])
    async def children(self, info: Info) -> list[GigCategory]:
        return await self.subcategories(info)
