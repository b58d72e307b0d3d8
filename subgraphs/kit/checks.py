"""Input checks every subgraph makes the same way (links are `kit.urls`), each raising a
`DomainError` with the code the calling subgraph documents for it (its own `Code` enum), so the
rule lives here once and the codes stay each subgraph's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum

from subgraphs.kit.errors import DomainError


def long_text(value: str | None, field: str, code: StrEnum, *, most: int, what: str) -> str:
    """Free text with an upper bound only (a description), trimmed; none is empty."""
    text = (value or "").strip()
    if len(text) > most:
        raise DomainError(code, f"{what} is at most {most} characters.", field)
    return text


def not_cleared(changes: Mapping[str, object], names: Sequence[str], code: StrEnum) -> None:
    """A partial update may leave these fields out, not set them to null."""
    for name in names:
        if name in changes and changes[name] is None:
            raise DomainError(code, "This field cannot be cleared.", name)
