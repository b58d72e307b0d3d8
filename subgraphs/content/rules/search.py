"""Search text from clients, made safe for SQL: `LIKE` patterns and full-text prefix queries."""

from __future__ import annotations

import re

from subgraphs.kit.errors import BadUserInput

SEARCH_QUERY_MAX = 200
_WORD = re.compile(r"\w+")


def escape_like(text: str) -> str:
    """`text` matched literally inside a `LIKE` pattern (its `%`, `_` and `\\` escaped)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def prefix_tsquery(query: str) -> str:
    """Every word of the query, each as a prefix: 'пост hel' -> 'пост:* & hel:*'.

    Only `\\w` characters reach the tsquery text, so no query syntax can be injected."""
    words = _WORD.findall(query.lower())
    if not words or len(query) > SEARCH_QUERY_MAX:
        raise BadUserInput(
            f"Search for 1 to {SEARCH_QUERY_MAX} characters with a word.", argument="query"
        )
    return " & ".join(f"{word}:*" for word in words)
