"""`agora subgraph NAME [--port P] [--workers N]`: serve one subgraph with uvicorn.

uvicorn gets an import string (the subgraph's `create_app` factory), so `--workers N` (or
`AGORA_SUBGRAPH_WORKERS`) runs N processes on one port, each with its own database pool.
"""

from __future__ import annotations

import argparse
import importlib.util
import os

from agora.subgraphs import SUBGRAPH_PORTS

WORKERS = "AGORA_SUBGRAPH_WORKERS"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", choices=sorted(SUBGRAPH_PORTS))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get(WORKERS, "1")),
        help=f"worker processes sharing the port (${WORKERS}, default 1)",
    )


def run(args: argparse.Namespace) -> int:
    if args.workers < 1:
        raise SystemExit("--workers must be at least 1")
    if args.workers > 1:
        from telemetry.multiprocess import share_metrics_between_workers

        share_metrics_between_workers(f"agora-{args.name}")  # subgraphs.kit.metrics
    import uvicorn

    has = importlib.util.find_spec
    uvicorn.run(
        f"subgraphs.{args.name}.app:create_app",
        factory=True,
        workers=args.workers,
        host=args.host,
        port=args.port or SUBGRAPH_PORTS[args.name],
        log_config=None,  # our JSON logging
        access_log=False,  # RequestIdMiddleware writes one access line per request
        loop="uvloop" if has("uvloop") else "asyncio",
        http="httptools" if has("httptools") else "h11",
        proxy_headers=False,  # the client's IP comes signed from the router (kit.client_ip)
    )
    return 0
