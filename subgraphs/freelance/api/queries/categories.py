"""Root query fields of the category tree."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from subgraphs.freelance.api.types.categories import CATEGORIES, GigCategory
from subgraphs.freelance.models import GigCategory as CategoryRow
from subgraphs.kit.context import ctx


@strawberry.type
class CategoryQueries:
    @strawberry.field(
        description="The category tree: top-level categories (with children).",
        directives=[CATEGORIES],
    )
    async def gig_categories(self, info: Info[Any, Any]) -> list[GigCategory]:
        async with ctx(info).db.session() as session:
            rows = (
                await session.execute(
                    select(CategoryRow)
                    .where(CategoryRow.parent_id.is_(None))
                    .order_by(CategoryRow.name)
                )
            ).scalars()
            return [GigCategory.from_row(row) for row in rows]
