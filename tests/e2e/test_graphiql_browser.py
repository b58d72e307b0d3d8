"""The Agora edition of GraphiQL in a real browser: Debian's Chromium, headless, driven by
`playwright-core` (npm, installed on first use into `.data/cache/graphiql-browser`) from a Node
script (`graphiql_browser.mjs`), against `agora router --graphiql --introspection
--expose-query-plans` as a process over the platform's subgraphs. The page loads under its strict
Content-Security-Policy with no error, shows the example tabs, signs in through its panel, runs
the Me example with the token and shows the router's plan for it, runs a subscription over
WebSocket with the token in connection_init, reopens a closed example, opens the explorer,
renews an expiring token before the next request, and signs out."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Stack
from tests.e2e.processes import Processes
from tests.integration.accounts import Accounts
from tests.support.npm import npm_installed

SCRIPT = Path(__file__).with_name("graphiql_browser.mjs")
CHROMIUM = Path("/usr/bin/chromium")  # Debian's (`make tools`)
PLAYWRIGHT = {"playwright-core": "1.65.2"}
BROWSER_TIMEOUT_SECONDS = 120
EXAMPLE_TABS = [
    "Me",
    "SearchGigs",
    "PlaceOrder",
    "SearchProducts",
    "ChannelFeed",
    "NotificationReceived",
    "UnreadCount",
]


@pytest.fixture(scope="module")
def graphiql_router(
    stack: Stack, users_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`agora router` as `agora dev` runs it: GraphiQL, introspection, plans, the edge's JWT
    check; over the subgraphs of the e2e stack."""
    jwks = f"{users_url}/.well-known/jwks.json"
    processes = Processes(tmp_path_factory.mktemp("graphiql"), AGORA_ROUTER_JWKS_URL=jwks)
    try:
        yield processes.router(
            stack.subgraph_urls, "--graphiql", "--introspection", "--expose-query-plans"
        )
    finally:
        processes.stop()


def _browse(router_url: str, email: str, password: str, work_dir: Path) -> dict[str, Any]:
    assert CHROMIUM.is_file(), "Chromium is missing: make tools (apt-get install chromium)"
    prefix = npm_installed("graphiql-browser", PLAYWRIGHT)
    script = prefix / SCRIPT.name  # beside node_modules, where its import resolves
    shutil.copy(SCRIPT, script)
    ran = subprocess.run(
        ["node", str(script), router_url, email, password, str(work_dir)],
        capture_output=True, text=True, timeout=BROWSER_TIMEOUT_SECONDS,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    seen: dict[str, Any] = json.loads(ran.stdout)
    return seen


@pytest.mark.timeout(BROWSER_TIMEOUT_SECONDS + 300)  # a first run installs playwright-core
async def test_sign_in_run_an_example_and_see_its_plan(
    graphiql_router: str, accounts: Accounts, tmp_path: Path
) -> None:
    account = await accounts.register(firstName="Grace", lastName="Hopper")
    seen = await asyncio.to_thread(
        _browse, graphiql_router, account.email, account.password, tmp_path
    )
    assert "failure" not in seen, (seen["failure"], seen.get("lastResult"), seen["problems"])
    assert seen["problems"] == []  # no CSP violation, no script error
    origin = graphiql_router.rstrip("/")
    assert all(url.startswith(origin) for url in seen["requests"]), seen["requests"]
    assert seen["tabs"] == EXAMPLE_TABS

    assert "Grace Hopper" in seen["signedIn"] and account.email in seen["signedIn"]
    me = seen["me"]["data"]["me"]
    assert me["id"] == account.id and me["email"] == account.email
    assert me["gigs"]["totalCount"] == 0  # and every other subgraph answered for this user
    assert "errors" not in seen["me"]
    assert seen["me"]["extensions"]["queryPlan"] == seen["plan"]  # the panel shows it as sent

    # Me: the user from users first, then what the other subgraphs know, in parallel.
    plan = seen["plan"]
    assert plan.startswith("QueryPlan {\n  Sequence {\n")
    assert 'Fetch(service: "USERS")' in plan and "Parallel {" in plan
    for service in ("FREELANCE", "MARKETPLACE", "CONTENT"):
        assert f'Fetch(service: "{service}")' in plan, plan
    assert seen["planCaption"].startswith("Plan of Me at ")
    assert (tmp_path / "graphiql.png").stat().st_size > 0  # for a look when it fails

    assert seen["unread"] == {"data": {"unreadCountChanged": 0}}  # signed in over WebSocket
    assert seen["placeOrderVariables"]["tier"] == "BASIC"  # from 03-place-order.variables.json
    reopened = [name for name in EXAMPLE_TABS if name != "SearchProducts"] + ["SearchProducts"]
    assert seen["tabsAfterReopening"] == reopened
    assert "feed" in seen["explorerFields"] and "gigs" in seen["explorerFields"]

    assert seen["renewed"] and seen["renewedFor"] > 60_000  # ms: a fresh access token
    assert seen["meAfterRenewal"]["data"]["me"]["id"] == account.id
    signed_out = seen["meSignedOut"]
    assert signed_out["data"] == {"me": None}
    assert signed_out["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert seen["sessionAfterSignOut"] is None
