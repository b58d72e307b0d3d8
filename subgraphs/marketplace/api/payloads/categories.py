"""Payloads of the category mutations."""

from __future__ import annotations

from subgraphs.kit.payloads import Payload
from subgraphs.marketplace.api.types.categories import ProductCategory


class ProductCategoryPayload(Payload):
    category: ProductCategory | None = None
