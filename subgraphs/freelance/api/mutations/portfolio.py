"""Root mutation fields of portfolio items (their owner only)."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.api import Info
from subgraphs.freelance.api.inputs.portfolio import (
    CreatePortfolioItemInput,
    PortfolioImageInput,
    UpdatePortfolioItemInput,
)
from subgraphs.freelance.api.payloads.portfolio import (
    DeletePortfolioItemPayload,
    PortfolioItemPayload,
)
from subgraphs.freelance.api.types.gigs import PortfolioItem
from subgraphs.freelance.rules import portfolio
from subgraphs.freelance.rules.gigs import ImageSpec
from subgraphs.freelance.rules.ids import existing_id, optional_id
from subgraphs.kit.fields import sent_fields
from subgraphs.kit.transactions import attempt
from subgraphs.kit.viewer import me


def _portfolio_images(values: list[PortfolioImageInput]) -> list[ImageSpec]:
    return [ImageSpec(url=value.url, caption=value.caption) for value in values]


@strawberry.type
class PortfolioMutations:
    @strawberry.mutation
    async def create_portfolio_item(
        self, info: Info, input: CreatePortfolioItemInput
    ) -> PortfolioItemPayload:
        owner = me(info)

        async def work(session: AsyncSession) -> Any:
            fields = sent_fields(input)
            fields["category_id"] = optional_id(input.category_id, "categoryId", "category")
            fields["images"] = _portfolio_images(input.images)
            return await portfolio.create_item(session, owner, fields)

        row, errors = await attempt(info.context.db, work)
        return PortfolioItemPayload(
            item=None if row is None else PortfolioItem.from_row(row), errors=errors
        )

    @strawberry.mutation(description="The owner; fields left out keep their value.")
    async def update_portfolio_item(
        self, info: Info, input: UpdatePortfolioItemInput
    ) -> PortfolioItemPayload:
        owner = me(info)

        async def work(session: AsyncSession) -> Any:
            fields = sent_fields(input, skip=("id",))
            if "category_id" in fields:
                fields["category_id"] = optional_id(fields["category_id"], "categoryId", "category")
            if fields.get("images") is not None:
                fields["images"] = _portfolio_images(fields["images"])
            item_id = existing_id(input.id, "id", "portfolio item")
            return await portfolio.update_item(session, owner, item_id, fields)

        row, errors = await attempt(info.context.db, work)
        return PortfolioItemPayload(
            item=None if row is None else PortfolioItem.from_row(row), errors=errors
        )

    @strawberry.mutation(description="The owner.")
    async def delete_portfolio_item(
        self, info: Info, id: strawberry.ID
    ) -> DeletePortfolioItemPayload:
        owner = me(info)

        async def work(session: AsyncSession) -> bool:
            await portfolio.delete_item(session, owner, existing_id(id, "id", "portfolio item"))
            return True

        done, errors = await attempt(info.context.db, work)
        return DeletePortfolioItemPayload(deleted=bool(done), errors=errors)
