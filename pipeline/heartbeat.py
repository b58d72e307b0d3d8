"""Liveness for processes that serve no HTTP (the outbox relay): a file touched while the work
loop turns, and `agora alive FILE` for a health check (compose, a Kubernetes exec probe).

    agora alive /tmp/relay-alive --within 60    # exit 0 if touched in the last 60 s, else 1

A hung loop stops touching the file, so the check fails and the orchestrator restarts it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


class Heartbeat:
    """Touches `path` at most once per `every` seconds (a loop may turn many times a second)."""

    def __init__(self, path: Path | None, every: float = 1.0) -> None:
        self.path = path
        self.every = every
        self.last = float("-inf")

    def beat(self) -> None:
        if self.path is None or time.monotonic() - self.last < self.every:
            return
        self.last = time.monotonic()
        self.path.touch()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="the heartbeat file the process touches")
    parser.add_argument("--within", type=float, default=60.0, help="seconds (default 60)")


def run(args: argparse.Namespace) -> int:
    try:
        age = time.time() - os.stat(args.file).st_mtime
    except OSError as error:
        print(f"not alive: no heartbeat at {args.file} ({error.strerror})", file=sys.stderr)
        return 1
    if age > args.within:
        stale = f"not alive: last heartbeat {age:.0f} s ago (over {args.within:g} s)"
        print(stale, file=sys.stderr)
        return 1
    return 0
