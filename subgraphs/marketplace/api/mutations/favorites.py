"""Favorites' mutations: both idempotent."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me
from subgraphs.marketplace.api import Info, required_id, viewer
from subgraphs.marketplace.api.payloads.products import ProductPayload
from subgraphs.marketplace.api.types.products import Product
from subgraphs.marketplace.models import Product as ProductRow
from subgraphs.marketplace.rules import favorites

Change = Callable[[AsyncSession, uuid.UUID, uuid.UUID], Awaitable[ProductRow]]


async def _change(
    info: Info,
    product_id: strawberry.ID,
    change: Change,
    build: Callable[[ProductRow], ProductPayload] = ProductPayload.of,
) -> ProductPayload:
    """The signed-in user's favorites, changed by `change` in a transaction of its own."""
    user = me(info)
    return await run_mutation(
        info,
        ProductPayload,
        lambda s: change(s, user, required_id(product_id, "productId")),
        build=build,
    )


@strawberry.mutation(description="Idempotent; the seller is notified the first time.")
async def favorite_product(info: Info, product_id: strawberry.ID) -> ProductPayload:
    return await _change(info, product_id, favorites.favorite)


@strawberry.mutation(description="Idempotent.")
async def unfavorite_product(info: Info, product_id: strawberry.ID) -> ProductPayload:
    who = viewer(info)  # a product they may no longer see is left out of the payload

    def build(row: ProductRow) -> ProductPayload:
        return ProductPayload(product=Product.seen_by(who, row))

    return await _change(info, product_id, favorites.unfavorite, build)
