"""Payloads of the dispute mutations."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api.types.orders import Dispute, DisputeMessage, Order
from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field


@strawberry.type
class DisputePayload:
    dispute: Dispute | None = None
    order: Order | None = None
    errors: list[UserError] = errors_field()


@strawberry.type
class DisputeMessagePayload:
    message: DisputeMessage | None = None
    errors: list[UserError] = errors_field()
