"""Root query fields of the category tree: read whole in one statement (kit.category_tree)."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.types.categories import GigCategory
from subgraphs.freelance.models import GigCategory as CategoryRow
from subgraphs.kit.category_tree import CATEGORIES


@strawberry.field(
    description="The category tree: top-level categories (with children).",
    directives=[CATEGORIES],
)
async def gig_categories(info: Info) -> list[GigCategory]:
    return await GigCategory.roots(info, CategoryRow)
