"""`agora router --supergraph FILE [--host 127.0.0.1] [--port 4000]`.

Serves any supergraph file. Subgraph URLs can be moved with `AGORA_<NAME>_ROUTING_URL` (e.g. in
containers); the edge duties (JWT check, rate limits, CORS) are configured by
`AGORA_ROUTER_*` variables (router.edge.settings) and are off when unset.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
from collections.abc import Mapping
from pathlib import Path

ROUTING_URL_SUFFIX = "_ROUTING_URL"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--supergraph", required=True, help="supergraph SDL file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4000)
    parser.add_argument("--subgraph-timeout", type=float, default=30.0, help="seconds")
    parser.add_argument("--log-level", default="warning")


def routing_overrides(environ: Mapping[str, str]) -> dict[str, str]:
    """Subgraph name -> URL from every `AGORA_<NAME>_ROUTING_URL`."""
    return {
        name[len("AGORA_") : -len(ROUTING_URL_SUFFIX)].lower(): url
        for name, url in environ.items()
        if name.startswith("AGORA_") and name.endswith(ROUTING_URL_SUFFIX) and url
    }


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from router.app import create_app
    from router.edge import EdgeSettings, with_edge
    from router.subscriptions import with_subscriptions
    from subgraphs.kit.logs import configure_logging

    configure_logging(args.log_level.upper())
    settings = EdgeSettings.from_env()
    verifier = settings.token_verifier()
    app = create_app(
        Path(args.supergraph).read_text(),
        subgraph_timeout=args.subgraph_timeout,
        subgraph_urls=routing_overrides(os.environ),
    )
    has = importlib.util.find_spec
    uvicorn.run(
        with_edge(with_subscriptions(app, verifier), settings, verifier),
        host=args.host,
        port=args.port,
        log_config=None,  # JSON logs (configure_logging); one access line per request
        log_level=args.log_level,
        loop="uvloop" if has("uvloop") else "asyncio",
        http="httptools" if has("httptools") else "h11",
        access_log=False,
    )
    return 0
