"""Favorites: a user's bookmarks of products they may see; the seller hears of a new one."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.user_marks import mark, unmark
from subgraphs.marketplace.models import Favorite, Product
from subgraphs.marketplace.rules.products import (
    Viewer,
    get_product,
    tell_seller,
    visible_product,
)


async def favorite(session: AsyncSession, user_id: uuid.UUID, product_id: uuid.UUID) -> Product:
    """Idempotent; the seller hears of a new favorite once (not of their own)."""
    row = await visible_product(session, Viewer(user_id), product_id)
    added = await mark(session, Favorite.product_id, user_id, product_id)
    if added and row.seller_id != user_id:
        tell_seller(session, "PRODUCT_FAVORITED", row, user_id)
    return row


async def unfavorite(session: AsyncSession, user_id: uuid.UUID, product_id: uuid.UUID) -> Product:
    """Idempotent: a product that is not a favorite stays so."""
    row = await get_product(session, product_id, field="productId")
    await unmark(session, Favorite.product_id, user_id, product_id)
    return row
