"""Point a supergraph's subgraph URLs at where the subgraphs run in this deployment.

`schema/supergraph.graphql` is composed for local development (http://127.0.0.1:800x). In
containers each subgraph has its own host, given as `AGORA_<NAME>_ROUTING_URL`, e.g.
`AGORA_USERS_ROUTING_URL=http://users:8000/graphql`. Subgraphs without a variable keep their URL.

    python docker/supergraph_urls.py schema/supergraph.graphql /tmp/supergraph.graphql
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

_JOIN_GRAPH = re.compile(
    r'(@join__graph\(\s*name:\s*"(?P<name>[^"]+)"\s*,\s*url:\s*")(?P<url>[^"]*)(")'
)


def with_routing_urls(supergraph: str, environ: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        variable = f"AGORA_{match['name'].upper()}_ROUTING_URL"
        url = environ.get(variable, match["url"])
        return f"{match[1]}{url}{match[4]}"

    return _JOIN_GRAPH.sub(replace, supergraph)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, target = (Path(arg) for arg in argv)
    target.write_text(with_routing_urls(source.read_text(), os.environ))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
