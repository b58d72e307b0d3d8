"""Input checks every subgraph makes the same way, each raising a `DomainError` with the code the
calling subgraph documents for it (its own `Code` enum), so the rule lives here once and the
codes stay each subgraph's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from urllib.parse import urlsplit

from subgraphs.kit.errors import DomainError

URL_MAX = 500


def http_url(value: str | None, field: str, code: StrEnum) -> str | None:
    """An optional http(s) link (an avatar, an image): empty means none."""
    if not value:
        return None
    parts = urlsplit(value)
    if len(value) > URL_MAX or parts.scheme not in ("http", "https") or not parts.netloc:
        raise DomainError(code, f"Use an http(s) URL of at most {URL_MAX} characters.", field)
    return value


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
