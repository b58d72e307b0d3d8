"""`agora subgraph NAME`: serve one subgraph with uvicorn."""

from __future__ import annotations

import argparse
import importlib

from agora.subgraphs import SUBGRAPH_PORTS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", choices=sorted(SUBGRAPH_PORTS))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--workers", type=int, default=1)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    module = importlib.import_module(f"subgraphs.{args.name}.app")
    uvicorn.run(
        module.create_app(),
        host=args.host,
        port=args.port or SUBGRAPH_PORTS[args.name],
        log_config=None,  # our JSON logging
        access_log=False,  # RequestIdMiddleware writes one access line per request
    )
    return 0
