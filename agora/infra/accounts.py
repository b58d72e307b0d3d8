"""Which system account runs an embedded server, and whether it can reach a directory.

PostgreSQL refuses to run as root. When we are root, the server runs as an unprivileged
account instead, and everything it must write lives inside our own data directory: we never
loosen the permissions of a directory outside it.
"""

from __future__ import annotations

import os
import pwd
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from agora.infra.processes import InfraError

# `nobody` exists nearly everywhere; if it does not, a system account of our own is created.
FALLBACK_ACCOUNT = "agora-embedded"


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gid: int

    def can_traverse(self, directory: Path) -> bool:
        """Whether this account may pass through `directory` (the x bit that applies to it)."""
        info = directory.stat()
        if self.uid == 0:
            return True
        if info.st_uid == self.uid:
            return bool(info.st_mode & stat.S_IXUSR)
        if info.st_gid == self.gid:
            return bool(info.st_mode & stat.S_IXGRP)
        return bool(info.st_mode & stat.S_IXOTH)


def current_account() -> Account:
    uid = os.geteuid()
    return Account(pwd.getpwuid(uid).pw_name, uid, os.getegid())


def server_account() -> Account:
    """The account an embedded PostgreSQL runs as: ourselves, or an unprivileged one as root."""
    if os.geteuid() != 0:
        return current_account()
    for name in ("nobody", FALLBACK_ACCOUNT):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return Account(entry.pw_name, entry.pw_uid, entry.pw_gid)
    subprocess.run(
        [
            "useradd",
            "--system",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            FALLBACK_ACCOUNT,
        ],
        check=True,
        capture_output=True,
    )
    entry = pwd.getpwnam(FALLBACK_ACCOUNT)
    return Account(entry.pw_name, entry.pw_uid, entry.pw_gid)


def check_reachable(account: Account, data_dir: Path) -> None:
    """Fail clearly if `account` cannot traverse the parents of `data_dir`.

    We do not fix it for the caller: those directories are not ours to change.
    """
    for parent in data_dir.resolve().parents:
        if not account.can_traverse(parent):
            raise InfraError(
                f"the embedded server runs as {account.name!r}, which cannot traverse {parent} "
                f"(mode {stat.filemode(parent.stat().st_mode)}); choose a data directory whose "
                "parents are world-traversable (e.g. under the project or /tmp), or run as non-root"
            )


def give_to(account: Account, path: Path) -> None:
    """Hand a path inside our data directory to the server account (no-op for ourselves)."""
    if account.uid != os.geteuid():
        os.chown(path, account.uid, account.gid)


def open_for(account: Account, directory: Path) -> None:
    """Let the server account traverse our own data directory (adds only the needed x bit)."""
    if account.uid == os.geteuid() or account.can_traverse(directory):
        return
    directory.chmod(directory.stat().st_mode | stat.S_IXOTH)
