"""Favorites' mutations: both idempotent."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.kit.context import ctx
from subgraphs.kit.errors import UserError
from subgraphs.kit.transactions import attempt
from subgraphs.kit.viewer import me as _me
from subgraphs.marketplace.api import required_id, viewer
from subgraphs.marketplace.api.payloads.products import ProductPayload
from subgraphs.marketplace.models import Product as ProductRow
from subgraphs.marketplace.rules import favorites

Change = Callable[[AsyncSession, uuid.UUID, uuid.UUID], Awaitable[ProductRow]]


async def _change(
    info: Info[Any, Any], product_id: strawberry.ID, change: Change
) -> tuple[ProductRow | None, list[UserError]]:
    """The signed-in user's favorites, changed by `change` in a transaction of its own."""
    me = _me(info)

    async def work(session: AsyncSession) -> ProductRow:
        return await change(session, me, required_id(product_id, "productId"))

    return await attempt(ctx(info).db, work)


@strawberry.type
class FavoriteMutations:
    @strawberry.mutation(description="Idempotent; the seller is notified the first time.")
    async def favorite_product(
        self, info: Info[Any, Any], product_id: strawberry.ID
    ) -> ProductPayload:
        return ProductPayload.of(*await _change(info, product_id, favorites.favorite))

    @strawberry.mutation(description="Idempotent.")
    async def unfavorite_product(
        self, info: Info[Any, Any], product_id: strawberry.ID
    ) -> ProductPayload:
        row, errors = await _change(info, product_id, favorites.unfavorite)
        visible = row is not None and viewer(info).sees(row)
        return ProductPayload.of(row if visible else None, errors)
