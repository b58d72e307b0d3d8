"""Payloads of the dispute mutations."""

from __future__ import annotations

from subgraphs.freelance.api.types.orders import Dispute, DisputeMessage, Order
from subgraphs.kit.payloads import Payload


class DisputePayload(Payload):
    dispute: Dispute | None = None
    order: Order | None = None


class DisputeMessagePayload(Payload):
    message: DisputeMessage | None = None
