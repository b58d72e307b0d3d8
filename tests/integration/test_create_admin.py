"""`agora create-admin`: the first admin, made on the command line against the same database."""

from __future__ import annotations

import subprocess
import sys

from tests.integration.accounts import PASSWORD, Accounts, unique_email
from tests.support.environment import REPO_ROOT


def create_admin(email: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agora.cli", "create-admin", email, "--password-stdin"],
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
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
