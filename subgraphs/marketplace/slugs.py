"""Slugs for URLs: transliterated (Cyrillic too), lower-case, never empty, unique."""

from __future__ import annotations

import re
import secrets
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from unidecode import unidecode

MAX_SLUG = 80
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback_prefix: str, fallback_id: uuid.UUID) -> str:
    """`"Велосипед Stels 24"` -> `"velosiped-stels-24"`; text with no letters -> prefix-shortid."""
    ascii_text = unidecode(text).lower()
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")[:MAX_SLUG].rstrip("-")
    return slug or f"{fallback_prefix}-{fallback_id.hex[:8]}"


async def unique_slug(session: AsyncSession, column: InstrumentedAttribute[Any], base: str) -> str:
    """`base`, or `base-<random>` when taken (the unique index still settles a race)."""
    candidate = base
    for _ in range(5):
        taken = (await session.execute(select(column).where(column == candidate))).first()
        if taken is None:
            return candidate
        candidate = f"{base}-{secrets.token_hex(3)}"
    return f"{base}-{secrets.token_hex(8)}"
