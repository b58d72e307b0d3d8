"""The `agora` command line: one entry point, each subcommand implemented in its own module.

Subcommands import their module lazily so `agora router` never loads SQLAlchemy and
`agora migrate` never loads the router.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

# subcommand -> (module, help). Each module exposes `add_arguments(parser)` and `run(args) -> int`.
COMMANDS: dict[str, tuple[str, str]] = {
    "dev": ("agora.dev", "run every service locally (embedded PostgreSQL and Redis if none set)"),
    "migrate": ("agora.migrate", "apply Alembic migrations of every subgraph database"),
    "compose": ("agora.compose", "write schema/<subgraph>.graphql and schema/supergraph.graphql"),
    "router": ("router.cli", "serve the federation router over a supergraph file"),
    "subgraph": ("agora.subgraph", "serve one subgraph"),
    "create-admin": ("agora.create_admin", "create (or promote) an admin account"),
    "seed": ("agora.seed.command", "write demo data through every subgraph's rules"),
    "relay": ("pipeline.relay", "move outbox events of every subgraph database into Celery tasks"),
    "smtp-sink": ("agora.smtp_sink", "development SMTP server keeping mails as files"),
    "alive": ("pipeline.heartbeat", "health check: exit 0 if a heartbeat file is recent"),
}


def _load(module: str) -> tuple[Callable[[argparse.ArgumentParser], None], Callable[..., int]]:
    mod = importlib.import_module(module)
    return mod.add_arguments, mod.run


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="agora", description="Agora GraphQL federation platform")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = argv[0] if argv and argv[0] in COMMANDS else None
    for name, (module, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text)
        if name == chosen:  # only the chosen command's module is imported
            add_arguments, run = _load(module)
            add_arguments(command_parser)
            command_parser.set_defaults(run=run)
    args = parser.parse_args(argv)
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
