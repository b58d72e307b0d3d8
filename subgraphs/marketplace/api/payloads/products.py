"""Payloads of the product and favorite mutations."""

from __future__ import annotations

import strawberry

from subgraphs.kit.payloads import Payload
from subgraphs.marketplace.api.types.products import Product


class ProductPayload(Payload):
    product: Product | None = None


class DeleteProductPayload(Payload):
    deleted_product_id: strawberry.ID | None = None
