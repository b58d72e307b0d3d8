"""Gig categories: a tree managed by admins (the rules: kit.category_rules).

What freelance answers its own way: a name is trimmed and refused as REQUIRED, TOO_SHORT or
TOO_LONG; an unknown category is NOT_FOUND, a move under itself INVALID_PARENT; sibling names
may repeat."""

from __future__ import annotations

from subgraphs.freelance.models import GigCategory
from subgraphs.freelance.rules import validation
from subgraphs.kit.category_rules import CategoryPolicy, CategoryRules
from subgraphs.kit.codes import Code
from subgraphs.kit.slugs import SlugColumn


def _name(value: str) -> str:
    return validation.text(value, "name", low=2, high=100)


CATEGORIES = CategoryRules(
    GigCategory,
    SlugColumn(GigCategory.slug, fallback="category", field="name"),
    CategoryPolicy(clean_name=_name, unknown=Code.NOT_FOUND, cycle=Code.INVALID_PARENT),
)
