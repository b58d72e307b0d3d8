"""GraphiQL for browsers, from assets shipped in the package (works offline).

The page has no inline script or style, so its Content-Security-Policy (router.app) can allow
only the router's own files."""

from __future__ import annotations

import functools
from pathlib import Path

GRAPHIQL_STATIC = Path(__file__).parent / "static" / "graphiql"


@functools.lru_cache(maxsize=1)
def graphiql_page() -> str:
    """The shipped page; its script finds the endpoint itself (`agora-graphiql.js`)."""
    return (GRAPHIQL_STATIC / "index.html").read_text()
