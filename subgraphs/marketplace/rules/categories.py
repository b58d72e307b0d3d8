"""The product category tree, managed by admins (the rules: kit.category_rules).

What the marketplace answers its own way: a name is trimmed, its runs of spaces folded, and
refused as INVALID_NAME; an unknown category is CATEGORY_NOT_FOUND, a move under itself
CATEGORY_CYCLE; sibling names are unique (`uq_product_categories_parent_name`)."""

from __future__ import annotations

from subgraphs.kit.category_rules import CategoryPolicy, CategoryRules
from subgraphs.kit.codes import Code
from subgraphs.kit.slugs import SlugColumn
from subgraphs.marketplace.models import ProductCategory
from subgraphs.marketplace.rules import validation

CATEGORIES = CategoryRules(
    ProductCategory,
    SlugColumn(ProductCategory.slug, fallback="category", field="name"),
    CategoryPolicy(
        clean_name=validation.clean_category_name,
        unknown=Code.CATEGORY_NOT_FOUND,
        cycle=Code.CATEGORY_CYCLE,
        sibling_names_index="uq_product_categories_parent_name",
    ),
)
