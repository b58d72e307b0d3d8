"""Root mutation fields of the category tree (admins only; kit.category_mutations)."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.inputs.categories import CreateGigCategoryInput, UpdateGigCategoryInput
from subgraphs.freelance.api.payloads.categories import GigCategoryPayload
from subgraphs.freelance.rules.categories import CATEGORIES
from subgraphs.kit.category_mutations import create_category, update_category


@strawberry.mutation(description="Admins only.")
async def create_gig_category(info: Info, input: CreateGigCategoryInput) -> GigCategoryPayload:
    return await create_category(info, GigCategoryPayload, CATEGORIES, input)


@strawberry.mutation(description="Admins only; fields left out keep their value.")
async def update_gig_category(info: Info, input: UpdateGigCategoryInput) -> GigCategoryPayload:
    return await update_category(info, GigCategoryPayload, CATEGORIES, input)
