"""Payloads of the order mutations."""

from __future__ import annotations

from subgraphs.freelance.api.types.orders import Order
from subgraphs.kit.payloads import Payload


class OrderPayload(Payload):
    order: Order | None = None
