"""Favorites' mutations: both idempotent."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.kit.context import ctx
from subgraphs.kit.transactions import attempt
from subgraphs.kit.viewer import me as _me
from subgraphs.marketplace.api import required_id, viewer
from subgraphs.marketplace.api.payloads.products import ProductPayload
from subgraphs.marketplace.models import Product as ProductRow
from subgraphs.marketplace.rules import favorites


@strawberry.type
class FavoriteMutations:
    @strawberry.mutation(description="Idempotent; the seller is notified the first time.")
    async def favorite_product(
        self, info: Info[Any, Any], product_id: strawberry.ID
    ) -> ProductPayload:
        me = _me(info)

        async def work(session: AsyncSession) -> ProductRow:
            return await favorites.favorite(session, me, required_id(product_id, "productId"))

        return ProductPayload.of(*await attempt(ctx(info).db, work))

    @strawberry.mutation(description="Idempotent.")
    async def unfavorite_product(
        self, info: Info[Any, Any], product_id: strawberry.ID
    ) -> ProductPayload:
        me = _me(info)

        async def work(session: AsyncSession) -> ProductRow:
            return await favorites.unfavorite(session, me, required_id(product_id, "productId"))

        row, errors = await attempt(ctx(info).db, work)
        visible = row is not None and viewer(info).sees(row)
        return ProductPayload.of(row if visible else None, errors)
