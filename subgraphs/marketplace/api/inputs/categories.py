"""Inputs of the category mutations (admins only)."""

from __future__ import annotations

import strawberry

from subgraphs.kit.update_inputs import update_input


@strawberry.input
class CreateProductCategoryInput:
    name: str
    parent_id: strawberry.ID | None = None
    icon: str | None = None


@update_input(
    CreateProductCategoryInput,
    description="Fields left out keep their value; `parentId: null` makes a root.",
)
class UpdateProductCategoryInput:
    id: strawberry.ID
