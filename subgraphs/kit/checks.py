"""Input checks every subgraph makes the same way (links are `kit.urls`): the rule and its code
live here once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError


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
