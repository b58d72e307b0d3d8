"""Point a supergraph's subgraph URLs at where the subgraphs actually run.

`schema/supergraph.graphql` is composed for local development (http://127.0.0.1:800x). In
containers each subgraph has its own host, given as `AGORA_<NAME>_ROUTING_URL`, e.g.
`AGORA_USERS_ROUTING_URL=http://users:8000/graphql`; `agora dev --port-offset` moves the ports.
Subgraphs without a new URL keep theirs.

    python -m agora.infra.routing schema/supergraph.graphql /tmp/supergraph.graphql
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


def with_routing_urls(supergraph: str, urls: Mapping[str, str]) -> str:
    """`supergraph` with the URL of each subgraph named in `urls` (name -> URL) replaced."""

    def replace(match: re.Match[str]) -> str:
        return f"{match[1]}{urls.get(match['name'], match['url'])}{match[4]}"

    return _JOIN_GRAPH.sub(replace, supergraph)


def routing_urls_from_env(supergraph: str, environ: Mapping[str, str]) -> dict[str, str]:
    """name -> URL for every subgraph of `supergraph` with an `AGORA_<NAME>_ROUTING_URL`."""
    names = [match["name"] for match in _JOIN_GRAPH.finditer(supergraph)]
    return {
        name: environ[f"AGORA_{name.upper()}_ROUTING_URL"]
        for name in names
        if f"AGORA_{name.upper()}_ROUTING_URL" in environ
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, target = (Path(arg) for arg in argv)
    supergraph = source.read_text()
    target.write_text(with_routing_urls(supergraph, routing_urls_from_env(supergraph, os.environ)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
