"""Inputs of the category mutations (admins only)."""

from __future__ import annotations

import strawberry


@strawberry.input
class CreateProductCategoryInput:
    name: str
    parent_id: strawberry.ID | None = None
    icon: str | None = None


@strawberry.input(description="Fields left out keep their value; `parentId: null` makes a root.")
class UpdateProductCategoryInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    parent_id: strawberry.ID | None = strawberry.UNSET
    icon: str | None = strawberry.UNSET
