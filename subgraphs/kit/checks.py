"""Input checks every subgraph makes the same way (links are `kit.urls`): the rule lives here
once, and so does its code, but for a text with bounds, whose code names what it bounds
(INVALID_TITLE, INVALID_NAME, ...)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError


def words(value: str) -> str:
    """Trimmed, with every run of white space one space (names, titles, cities)."""
    return " ".join(value.split())


def sized_text(text: str, field: str, code: Code, *, low: int, high: int) -> str:
    """`text` (trimmed as the caller wants) if it has `low` to `high` characters, else `code`."""
    if not low <= len(text) <= high:
        raise DomainError(code, f"Use {low} to {high} characters.", field)
    return text


def long_text(value: str | None, field: str, *, most: int, what: str) -> str:
    """Free text with an upper bound only (a description), trimmed; none is empty."""
    text = (value or "").strip()
    if len(text) > most:
        raise DomainError(Code.TOO_LONG, f"{what} is at most {most} characters.", field)
    return text


def not_cleared(changes: Mapping[str, object], names: Sequence[str]) -> None:
    """A partial update may leave these fields out, not set them to null."""
    for name in names:
        if name in changes and changes[name] is None:
            raise DomainError(Code.REQUIRED, "This field cannot be cleared.", name)


def optional_text(value: str | None, field: str, *, most: int, what: str) -> str | None:
    """`long_text`, with nothing left after trimming as None."""
    return long_text(value, field, most=most, what=what) or None
