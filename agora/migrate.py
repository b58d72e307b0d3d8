"""`agora migrate`: bring every subgraph database to its latest Alembic revision."""

from __future__ import annotations

import argparse

from agora.subgraphs import available_subgraphs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("subgraphs", nargs="*", help="only these subgraphs (default: all)")
    parser.add_argument("--revision", default="head")


def run(args: argparse.Namespace) -> int:
    from subgraphs.kit.migrations import upgrade

    for name in args.subgraphs or available_subgraphs():
        print(f"migrating {name} ...", flush=True)
        upgrade(name, revision=args.revision)
    return 0
