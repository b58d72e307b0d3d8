"""Root mutation fields of the category tree (admins only)."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.inputs.categories import (
    CreateGigCategoryInput,
    UpdateGigCategoryInput,
)
from subgraphs.freelance.api.payloads.categories import GigCategoryPayload
from subgraphs.freelance.models import GigCategory as CategoryRow
from subgraphs.freelance.rules import categories, ids
from subgraphs.kit.fields import sent_fields
from subgraphs.kit.ids import existing_id
from subgraphs.kit.mutations import run_mutation


@strawberry.type
class CategoryMutations:
    @strawberry.mutation(description="Admins only.")
    async def create_gig_category(
        self, info: Info, input: CreateGigCategoryInput
    ) -> GigCategoryPayload:
        info.context.require_role("ADMIN")

        async def work(session: AsyncSession) -> CategoryRow:
            parent = ids.parent_category.optional(input.parent_id)
            return await categories.CATEGORIES.create(
                session, name=input.name, icon=input.icon, parent_id=parent
            )

        return await run_mutation(info, GigCategoryPayload, work)

    @strawberry.mutation(description="Admins only; fields left out keep their value.")
    async def update_gig_category(
        self, info: Info, input: UpdateGigCategoryInput
    ) -> GigCategoryPayload:
        info.context.require_role("ADMIN")
        changes = sent_fields(input, skip=("id",))

        async def work(session: AsyncSession) -> CategoryRow:
            if "parent_id" in changes:
                changes["parent_id"] = ids.parent_category.optional(changes["parent_id"])
            category_id = existing_id(input.id, "id", "category")
            return await categories.CATEGORIES.update(session, category_id, changes)

        return await run_mutation(info, GigCategoryPayload, work)
