"""Root query fields of orders: one order, and mine as buyer or seller."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api import Info, viewer
from subgraphs.freelance.api.types.orders import Order, OrderRole, OrderStatus
from subgraphs.freelance.models import Order as OrderRow
from subgraphs.freelance.rules import listings
from subgraphs.kit.connection_fields import connection_field
from subgraphs.kit.connections import Connection, Page, paginate
from subgraphs.kit.info import loaders
from subgraphs.kit.row_loaders import by_client_id
from subgraphs.kit.viewer import me


async def visible_order(info: Info, row: OrderRow | None) -> Order | None:
    """The order for its two parties, and for moderators once it has a dispute."""
    if row is None:
        return None
    who = viewer(info)
    if who.is_(row.buyer_id) or who.is_(row.seller_id):
        return Order.from_row(row)
    if who.is_moderator and await loaders(info).dispute_by_order.load(row.id) is not None:
        return Order.from_row(row)
    return None


@strawberry.field(description="Visible to its buyer and seller (and moderators if disputed).")
async def order(info: Info, id: strawberry.ID) -> Order | None:
    me(info)
    return await visible_order(info, await by_client_id(loaders(info).order_by_id, id))


@connection_field(description="Orders I placed (BUYER) or received (SELLER), newest first.")
async def my_orders(
    info: Info,
    page: Page,
    role: OrderRole = OrderRole.BUYER,
    status: OrderStatus | None = None,
) -> Connection[Order]:
    statement, keys = listings.orders_of(
        me(info), as_seller=role is OrderRole.SELLER, status=status
    )
    return await paginate(info.context.db, statement, keys, Order.from_row, page)
