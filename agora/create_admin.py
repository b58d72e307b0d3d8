"""`agora create-admin EMAIL`: make the first admin (or promote an existing account)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("email")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password for the admin: ")
    if getpass.getpass("Again: ") != first:
        raise SystemExit("The passwords differ.")
    return first


async def _create(email: str, password: str) -> str:
    from subgraphs.kit.database import Database
    from subgraphs.kit.transactions import in_transaction
    from subgraphs.users.service import create_admin

    db = Database("users")
    try:
        user = await in_transaction(db, lambda s: create_admin(s, email, password or None))
        return str(user.id)
    finally:
        await db.dispose()


def run(args: argparse.Namespace) -> int:
    from subgraphs.kit.errors import DomainError

    password = _read_password(args.password_stdin)
    try:
        user_id = asyncio.run(_create(args.email, password))
    except DomainError as error:
        print(f"error: {error.code}: {error.message}", file=sys.stderr)
        return 1
    print(f"admin {args.email} ({user_id})")
    return 0
