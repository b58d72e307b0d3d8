"""`agora create-admin`: the first admin, made on the command line against the same database."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.integration.accounts import PASSWORD, Accounts, unique_email
from tests.support.environment import REPO_ROOT


def create_admin(
    email: str, password: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agora.cli", "create-admin", email, "--password-stdin"],
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
        env=env,
    )


async def test_creates_an_admin_who_can_sign_in(accounts: Accounts) -> None:
    email = unique_email("root")
    done = create_admin(email, PASSWORD)
    assert done.returncode == 0, done.stderr
    assert email in done.stdout
    login = await accounts.login_raw(email, PASSWORD)
    assert login["errors"] == [] and login["user"]["roles"] == ["ADMIN"]


async def test_promotes_an_existing_account(accounts: Accounts) -> None:
    account = await accounts.register()
    done = create_admin(account.email, "")
    assert done.returncode == 0, done.stderr
    assert (await accounts.login_raw(account.email, PASSWORD))["user"]["roles"] == ["ADMIN"]


def test_weak_password_is_refused() -> None:
    done = create_admin(unique_email("root"), "short")
    assert done.returncode == 1
    assert "WEAK_PASSWORD" in done.stderr


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgresql://agora:secret@127.0.0.1:1/agora_users", "Connect call failed"),
        ("postgresql://postgres@127.0.0.1:5432/agora_no_such_database", "does not exist"),
    ],
)
def test_an_unusable_database_gets_one_clear_line(url: str, reason: str) -> None:
    env = {**os.environ, "AGORA_USERS_DATABASE_URL": url}
    done = create_admin(unique_email("root"), PASSWORD, env)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("error: the users database at postgresql") and reason in line
    assert "secret" not in line
