"""URL slugs: one rule for every table that has them, safe when two requests race.

The rule:
- A slug is the text transliterated to ASCII (Cyrillic too, by unidecode), lower case, runs of
  anything but `a-z0-9` turned into one `-`, no `-` at either end. It is cut to the column's
  length less `SUFFIX_ROOM`, so a suffix always fits (gigs: 240 -> 200; channels, products,
  categories: 120 -> 80).
- Text with nothing to transliterate (emoji, symbols) gives `<prefix>-<8 hex>`: from the row's
  id when the caller has it (stable), else random.
- Taken slugs get the first free number: `base`, `base-2`, `base-3`, ... (`first_free`).
- The unique index settles races: the row is flushed inside a SAVEPOINT; when another
  transaction took the slug between the look-up and the insert (a unique violation of this
  column's constraint, nothing else), the savepoint is rolled back and the row retried with a
  random suffix (`base-1a2b3c`) that no concurrent request can be choosing too. Any other
  integrity error propagates (the caller may map it: a channel's name taken meanwhile). When
  every attempt lost, SLUG_TAKEN names the argument the slug is made from (`field`).

    GIG_SLUGS = SlugColumn(Gig.slug, fallback="gig", field="title")
    gig.slug = ...; await GIG_SLUGS.save(session, gig, gig.title)       # insert or update
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, UniqueConstraint, inspect, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from unidecode import unidecode

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.unique_races import violates

SUFFIX_ROOM = 40
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int) -> str:
    """`'Дизайн логотипа!'` -> `'dizain-logotipa'`; empty when nothing transliterates."""
    ascii_text = unidecode(text).lower()
    return _NOT_SLUG.sub("-", ascii_text).strip("-")[:max_length].strip("-")


def first_free(base: str, taken: Collection[str]) -> str:
    """`base` if free, else `base-2`, `base-3`, ... (the first free one)."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def random_suffix(base: str) -> str:
    """After losing a race on the unique index: a suffix nobody can be choosing right now."""
    return f"{base}-{secrets.token_hex(3)}"


def _unique_constraint(column: InstrumentedAttribute[Any]) -> str:
    table = column.property.columns[0].table
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and [c.name for c in constraint.columns] == [
            column.key
        ]:
            return str(constraint.name)
    raise ValueError(f"{table.name}.{column.key} has no unique constraint of its own")


@dataclass(frozen=True)
class SlugColumn:
    """The slugs of one unique column (see the module doc for the rule)."""

    column: InstrumentedAttribute[str]
    fallback: str  # the prefix of a slug for text with nothing to transliterate
    field: str | None = None  # the argument the slug is made from, which SLUG_TAKEN names
    attempts: int = 5

    @property
    def max_length(self) -> int:
        column_type = self.column.property.columns[0].type
        assert isinstance(column_type, String) and column_type.length is not None
        return column_type.length - SUFFIX_ROOM

    def base(self, text: str, *, row_id: uuid.UUID | None = None) -> str:
        """The slug of `text` before uniqueness; never empty."""
        hex_id = (row_id or uuid.uuid4()).hex[:8]
        return slugify(text, self.max_length) or f"{self.fallback}-{hex_id}"

    async def free(self, session: AsyncSession, base: str, *, exclude: Any = None) -> str:
        """The first free of `base`, `base-2`, ...; `exclude`: the id of the row being renamed."""
        statement = select(self.column).where(
            or_(self.column == base, self.column.startswith(f"{base}-", autoescape=True))
        )
        if exclude is not None:
            (key,) = inspect(self.column.class_).primary_key
            statement = statement.where(key != exclude)
        return first_free(base, set((await session.execute(statement)).scalars()))

    async def save(self, session: AsyncSession, row: Any, text: str) -> str:
        """Give `row` (new or not) a free slug of `text` and flush it, settling races.

        Everything else pending in the session is flushed first, outside the savepoint: a lost
        race then rolls back the slug alone, never another row or another change of `row`.
        """
        state = inspect(row)
        if state.pending:
            session.expunge(row)  # added by the caller already: it goes in with its slug
        await session.flush()
        base = self.base(text, row_id=getattr(row, "id", None))
        slug = await self.free(session, base, exclude=state.identity[0] if state.identity else None)
        constraint = _unique_constraint(self.column)
        for _ in range(self.attempts):
            setattr(row, self.column.key, slug)
            try:
                async with session.begin_nested():
                    session.add(row)
                    await session.flush()
                return slug
            except IntegrityError as error:
                if not violates(error, constraint):
                    raise
                if state.persistent:
                    await session.refresh(row)  # the rollback expired it
                slug = random_suffix(base)
        raise DomainError(Code.SLUG_TAKEN, "Could not find a free address; try again.", self.field)
