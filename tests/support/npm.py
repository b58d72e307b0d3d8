"""npm packages for tests, installed on first use into `.data/cache/<name>` at pinned versions
(a clean clone needs only Node and npm)."""

from __future__ import annotations

import fcntl
import json
import subprocess
from collections.abc import Mapping
from pathlib import Path

from tests.support.environment import REPO_ROOT

INSTALL_TIMEOUT_SECONDS = 300


def _version(prefix: Path, package: str) -> str | None:
    manifest = prefix / "node_modules" / package / "package.json"
    if not manifest.is_file():
        return None
    version: str = json.loads(manifest.read_text())["version"]
    return version


def _install(prefix: Path, specs: list[str], *options: str) -> subprocess.CompletedProcess[str]:
    command = ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund"]
    return subprocess.run(
        [*command, "--loglevel=error", *options, *specs],
        timeout=INSTALL_TIMEOUT_SECONDS,
        capture_output=True,
        text=True,
    )


def npm_installed(name: str, packages: Mapping[str, str]) -> Path:
    """The prefix `.data/cache/<name>` with exactly these versions (package -> version)."""
    prefix = REPO_ROOT / ".data" / "cache" / name
    prefix.mkdir(parents=True, exist_ok=True)
    # Two test sessions at once must not run npm in the same prefix together.
    with (prefix / "install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if any(_version(prefix, package) != version for package, version in packages.items()):
            specs = [f"{package}@{version}" for package, version in packages.items()]
            installed = _install(prefix, specs)
            if installed.returncode != 0:
                # A stale packument in npm's cache can name versions the registry lacks
                # (ETARGET): once more, revalidating every cached packument.
                installed = _install(prefix, specs, "--prefer-online")
            if installed.returncode != 0:
                raise RuntimeError(f"npm install {' '.join(specs)} failed:\n{installed.stderr}")
    return prefix
