"""Payloads of the order mutations."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api.types.orders import Order
from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field


@strawberry.type
class OrderPayload:
    order: Order | None = None
    errors: list[UserError] = errors_field()
