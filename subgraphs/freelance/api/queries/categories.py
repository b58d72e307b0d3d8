"""Root query fields of the category tree."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.types.categories import GigCategory
from subgraphs.freelance.models import GigCategory as CategoryRow
from subgraphs.kit.category_tree import CATEGORIES


@strawberry.type
class CategoryQueries:
    @strawberry.field(
        description="The category tree: top-level categories (with children).",
        directives=[CATEGORIES],
    )
    async def gig_categories(self, info: Info) -> list[GigCategory]:
        async with info.context.db.session() as session:
            rows = (
                await session.execute(
                    select(CategoryRow)
                    .where(CategoryRow.parent_id.is_(None))
                    .order_by(CategoryRow.name)
                )
            ).scalars()
            return [GigCategory.from_row(row) for row in rows]
