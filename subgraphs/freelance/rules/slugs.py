"""URL slugs from titles: transliterated (Cyrillic too), never empty, unique per table."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from unidecode import unidecode

MAX_SLUG = 200
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """'Дизайн логотипа!' -> 'dizain-logotipa'; empty when nothing transliterates."""
    ascii_text = unidecode(title).lower()
    return _NON_SLUG.sub("-", ascii_text).strip("-")[:MAX_SLUG].rstrip("-")


async def unique_slug(
    session: AsyncSession, column: Any, title: str, *, exclude_id: uuid.UUID | None = None
) -> str:
    """`slugify(title)`, or a short id when empty; a suffix is added while the slug is taken."""
    base = slugify(title) or uuid.uuid4().hex[:8]
    table = column.class_
    statement = select(column).where(column.like(f"{base}%"))
    if exclude_id is not None:
        statement = statement.where(table.id != exclude_id)
    taken = set((await session.execute(statement)).scalars())
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"
