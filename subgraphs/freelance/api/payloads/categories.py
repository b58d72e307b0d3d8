"""Payloads of the category mutations."""

from __future__ import annotations

from subgraphs.freelance.api.types.categories import GigCategory
from subgraphs.kit.payloads import Payload


class GigCategoryPayload(Payload):
    category: GigCategory | None = None
