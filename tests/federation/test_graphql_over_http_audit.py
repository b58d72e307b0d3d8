"""The GraphQL-over-HTTP spec's own server audit (`graphql-http`'s `serverAudits`, from npm,
run by Node) against the router: every MUST and every SHOULD passes.

Installed on first use into `.data/cache/graphql-http`, like Hive Gateway for the
differential tests.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import subprocess
from typing import Any

import pytest

from tests.federation.test_router_http import Servers, servers  # noqa: F401 (the fixture)
from tests.support.environment import REPO_ROOT

PACKAGE = "graphql-http@1.23.1"
CACHE_DIR = REPO_ROOT / ".data" / "cache" / "graphql-http"
TIMEOUT_SECONDS = 300

# Runs every server audit in turn and prints [{id, name, status, reason}] as JSON.
AUDIT_SCRIPT = """
import { serverAudits } from 'graphql-http';
const results = [];
for (const audit of serverAudits({ url: process.argv[2] })) {
  const result = await audit.fn();
  results.push({ id: audit.id, name: audit.name, status: result.status,
                 reason: result.reason ?? null });
}
process.stdout.write(JSON.stringify(results));
"""


def _installed() -> None:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with (CACHE_DIR / "install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two test sessions must not run npm here together
        if not (CACHE_DIR / "node_modules" / "graphql-http" / "package.json").is_file():
            subprocess.run(
                ["npm", "install", "--prefix", str(CACHE_DIR), "--no-audit", "--no-fund",
                 "--loglevel=error", PACKAGE, "graphql@16"],
                check=True, capture_output=True, timeout=TIMEOUT_SECONDS,
            )  # fmt: skip
        (CACHE_DIR / "audit.mjs").write_text(AUDIT_SCRIPT)


def _audit(url: str) -> list[dict[str, Any]]:
    _installed()
    ran = subprocess.run(
        ["node", str(CACHE_DIR / "audit.mjs"), url],
        capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=True,
    )  # fmt: skip
    results: list[dict[str, Any]] = json.loads(ran.stdout)
    return results


@pytest.mark.timeout(TIMEOUT_SECONDS)
async def test_every_must_and_should_of_the_spec_audit_passes(
    servers: Servers,  # noqa: F811
) -> None:
    results = await asyncio.to_thread(_audit, f"{servers.router_url}/graphql")
    required = [r for r in results if r["name"].startswith(("MUST", "SHOULD"))]
    assert len(required) >= 30  # the audit ran (graphql-http 1.23: 13 MUST, 23 SHOULD)
    failed = [(r["id"], r["name"], r["reason"]) for r in required if r["status"] != "ok"]
    assert not failed, failed
