"""Root mutation fields of portfolio items (their owner only)."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.inputs import edited_fields, image_specs
from subgraphs.freelance.api.inputs.portfolio import (
    CreatePortfolioItemInput,
    UpdatePortfolioItemInput,
)
from subgraphs.freelance.api.payloads.portfolio import (
    DeletePortfolioItemPayload,
    PortfolioItemPayload,
)
from subgraphs.freelance.models import PortfolioItem as ItemRow
from subgraphs.freelance.rules import ids, portfolio
from subgraphs.kit.fields import sent_fields
from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me


@strawberry.mutation
async def create_portfolio_item(
    info: Info, input: CreatePortfolioItemInput
) -> PortfolioItemPayload:
    owner = me(info)

    async def work(session: AsyncSession) -> ItemRow:
        fields = sent_fields(input)
        fields["category_id"] = ids.category.optional(input.category_id)
        fields["images"] = image_specs(input.images)
        return await portfolio.create_item(session, owner, fields)

    return await run_mutation(info, PortfolioItemPayload, work)


@strawberry.mutation(description="The owner; fields left out keep their value.")
async def update_portfolio_item(
    info: Info, input: UpdatePortfolioItemInput
) -> PortfolioItemPayload:
    owner = me(info)

    async def work(session: AsyncSession) -> ItemRow:
        fields = edited_fields(input, skip="id")
        return await portfolio.update_item(session, owner, ids.portfolio_item(input.id), fields)

    return await run_mutation(info, PortfolioItemPayload, work)


@strawberry.mutation(description="The owner.")
async def delete_portfolio_item(info: Info, id: strawberry.ID) -> DeletePortfolioItemPayload:
    owner = me(info)
    return await run_mutation(
        info,
        DeletePortfolioItemPayload,
        lambda s: portfolio.delete_item(s, owner, ids.portfolio_item(id)),
    )
