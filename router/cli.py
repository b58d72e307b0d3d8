"""`agora router --supergraph FILE [--host 127.0.0.1] [--port 4000]`."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--supergraph", required=True, help="supergraph SDL file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4000)
    parser.add_argument("--subgraph-timeout", type=float, default=30.0, help="seconds")
    parser.add_argument("--log-level", default="warning")


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from router.app import create_app

    sdl = Path(args.supergraph).read_text()
    app = create_app(sdl, subgraph_timeout=args.subgraph_timeout)
    has = importlib.util.find_spec
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        loop="uvloop" if has("uvloop") else "asyncio",
        http="httptools" if has("httptools") else "h11",
        access_log=False,
    )
    return 0
