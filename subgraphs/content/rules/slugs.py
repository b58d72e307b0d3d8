"""URL slugs: transliterated to ASCII (Cyrillic too), never empty, unique per channel."""

from __future__ import annotations

import re
import secrets

from unidecode import unidecode

SLUG_MAX = 80
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = SLUG_MAX) -> str:
    """`'Мой канал!'` -> `'moi-kanal'`; may be empty (e.g. only emoji), see `base_slug`."""
    ascii_text = unidecode(text).lower()
    return _NOT_SLUG.sub("-", ascii_text).strip("-")[:max_length].strip("-")


def base_slug(name: str) -> str:
    return slugify(name) or f"channel-{secrets.token_hex(4)}"


def with_suffix(base: str, taken: set[str]) -> str:
    """`base` if free, else `base-2`, `base-3`, ... (the first free one)."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def random_suffix(base: str) -> str:
    # After losing a race on the unique index: a suffix nobody can be choosing right now.
    return f"{base}-{secrets.token_hex(3)}"
