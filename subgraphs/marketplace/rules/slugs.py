"""Slugs for URLs: transliterated (Cyrillic too), lower-case, never empty, unique."""

from __future__ import annotations

import re
import secrets
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from unidecode import unidecode

from subgraphs.kit.errors import DomainError
from subgraphs.marketplace.codes import Code

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


async def insert_with_unique_slug(
    session: AsyncSession, row: Any, column: InstrumentedAttribute[Any], base: str
) -> None:
    """Adds `row` with a free slug; a concurrent insert that took it meanwhile means another
    try with a suffix (in a savepoint, so the transaction goes on). Other conflicts propagate."""
    constraint = f"uq_{column.class_.__tablename__}_slug"
    row.slug = await unique_slug(session, column, base)
    for _ in range(3):
        try:
            async with session.begin_nested():
                session.add(row)
                await session.flush()
            return
        except IntegrityError as error:
            if constraint not in str(error.orig):
                raise
            row.slug = f"{base}-{secrets.token_hex(4)}"
    raise DomainError(Code.SLUG_TAKEN, "The address was taken meanwhile; try again.")
