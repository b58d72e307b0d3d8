"""Links clients give (an avatar, a post's image, a product photo, a portfolio item): one rule.

A link is an absolute http(s) URL that fits the column (`URL_MAX`, 500 in every subgraph), so
it can be shown as is; anything else is refused with INVALID_URL. Whether surrounding white
space is trimmed first is the caller's choice.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError

URL_MAX = 500


def web_url(value: str, field: str) -> str:
    """`value` if it is an http(s) URL of at most URL_MAX characters, else INVALID_URL."""
    parts = urlsplit(value)
    if len(value) > URL_MAX or parts.scheme not in ("http", "https") or not parts.netloc:
        raise DomainError(
            Code.INVALID_URL, f"Use an http(s) URL of at most {URL_MAX} characters.", field
        )
    return value
