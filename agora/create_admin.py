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
    from common.redis import close_redis
    from subgraphs.kit.database import Database
    from subgraphs.kit.transactions import in_transaction
    from subgraphs.users.rules.account_changes import announce
    from subgraphs.users.rules.registration import create_admin

    db = Database("users")
    try:
        user = await in_transaction(db, lambda s: create_admin(s, email, password or None))
        await announce(user)  # tokens signed in before carry the new role only after a refresh
        return str(user.id)
    finally:
        await db.dispose()
        await close_redis()


def _database_problem(error: BaseException) -> str:
    """One line an operator can act on, instead of SQLAlchemy's traceback."""
    from sqlalchemy.engine import make_url

    from subgraphs.kit.settings import database_url

    where = make_url(database_url("users")).render_as_string(hide_password=True)
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    if "does not exist" in reason and "relation" in reason:
        reason += " (run `agora migrate users` first)"
    return f"error: the users database at {where} cannot be used: {reason}"


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from subgraphs.kit.errors import DomainError

    password = _read_password(args.password_stdin)
    try:
        user_id = asyncio.run(_create(args.email, password))
    except DomainError as error:
        print(f"error: {error.code}: {error.message}", file=sys.stderr)
        return 1
    except (SQLAlchemyError, OSError) as error:
        print(_database_problem(error), file=sys.stderr)
        return 1
    print(f"admin {args.email} ({user_id})")
    return 0
