"""The category tree: read whole in one statement, then answered from the primed loaders
(kit.category_tree)."""

from __future__ import annotations

import strawberry

from subgraphs.kit.category_tree import CATEGORIES, read_tree
from subgraphs.kit.lookup_fields import IdOrSlug, lookup_field
from subgraphs.marketplace import models
from subgraphs.marketplace.api import Info
from subgraphs.marketplace.api.types.categories import ProductCategory


@strawberry.field(
    description="The category tree: the roots, each with its `children`.",
    directives=[CATEGORIES],
)
async def product_categories(info: Info) -> list[ProductCategory]:
    return await ProductCategory.roots(info, models.ProductCategory)


@lookup_field()
async def product_category(info: Info, key: IdOrSlug) -> ProductCategory | None:
    rows = await read_tree(info, models.ProductCategory)
    found = next((r for r in rows if str(r.id) == key.id or r.slug == key.slug), None)
    return None if found is None else ProductCategory.from_row(found)
