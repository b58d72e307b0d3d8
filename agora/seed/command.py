"""`agora seed [--size small|medium|large] [--jobs N]`: write the demo data, print the accounts."""

from __future__ import annotations

import argparse
import os
import sys
import time

from agora.seed.sizes import SIZES


def default_jobs() -> int:
    # One process per core and one more: each also waits for PostgreSQL now and then.
    return (os.cpu_count() or 1) + 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--size", choices=list(SIZES), default="small")
    parser.add_argument(
        "--jobs",
        type=int,
        default=int(os.environ.get("AGORA_SEED_JOBS") or default_jobs()),
        help="worker processes (1: everything in this process)",
    )


def demo_accounts_text() -> str:
    from agora.seed.accounts import DEMO_PASSWORD, DEMO_PEOPLE

    lines = [f"Demo accounts (password for each: {DEMO_PASSWORD}):"]
    for person in DEMO_PEOPLE:
        roles = ", ".join(person.roles) or "no roles (a buyer)"
        lines.append(f"  {person.email:<24} {roles}")
    lines.append("Every generated account (…@agora.test) has the same password.")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from agora.seed.runner import seed

    began = time.monotonic()
    size = SIZES[args.size]
    print(f"agora seed: size {size.name}, {args.jobs} process(es)", flush=True)
    try:
        tally = seed(size, max(1, args.jobs), sys.stdout)
    except (SQLAlchemyError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(f"agora seed: the databases cannot be used: {reason}", file=sys.stderr)
        print(
            "(run `agora migrate` first, or check AGORA_<SUBGRAPH>_DATABASE_URL)", file=sys.stderr
        )
        return 1
    seconds = time.monotonic() - began
    print(f"agora seed: {tally.written} writes in {seconds:.1f} s", end="")
    print("" if tally.written else " (everything was there already)")
    for code, count in sorted(tally.refused.items()):
        print(f"agora seed: {count} refused by the rules with {code}", file=sys.stderr)
    print(demo_accounts_text())
    return 1 if tally.refused else 0
