"""GraphiQL for browsers, from assets shipped in the package (works offline)."""

from __future__ import annotations

import functools
import html
from pathlib import Path

GRAPHIQL_STATIC = Path(__file__).parent / "static" / "graphiql"
STATIC_URL = "/graphiql/static"

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Agora GraphiQL</title>
<link rel="stylesheet" href="{static}/graphiql.min.css">
<style>html, body, #graphiql {{ height: 100%; margin: 0; }}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="{static}/react.production.min.js"></script>
<script src="{static}/react-dom.production.min.js"></script>
<script src="{static}/graphiql.min.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({{ url: {endpoint} }});
  const root = document.getElementById("graphiql");
  const element = React.createElement(GraphiQL, {{ fetcher }});
  if (ReactDOM.createRoot) {{ ReactDOM.createRoot(root).render(element); }}
  else {{ ReactDOM.render(element, root); }}
</script>
</body>
</html>
"""


@functools.lru_cache(maxsize=8)
def graphiql_page(endpoint: str) -> str:
    """The shipped page (`static/graphiql/index.html`) if present, else a minimal one."""
    shipped = GRAPHIQL_STATIC / "index.html"
    if shipped.is_file():
        return shipped.read_text()
    return _PAGE.format(static=STATIC_URL, endpoint='"' + html.escape(endpoint, quote=True) + '"')
