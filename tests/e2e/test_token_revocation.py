"""Revocation reaches access tokens already issued, in every subgraph and at the router, within a
second; role changes give usable tokens at once, and a stale token says so.

Each write goes to each subgraph directly (it verifies tokens itself) and through the router
(which refuses a revoked token with 401 before any fetch)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Stack
from tests.integration.accounts import PASSWORD, Account, Accounts
from tests.support.graphql import GraphQLClient, error_codes

REVOCATION_DEADLINE_SECONDS = 1.0


def _writes() -> dict[str, tuple[str, dict[str, Any]]]:
    """One write per subgraph that a signed-in FREELANCER and SELLER may do, fresh each time."""
    tag = uuid.uuid4().hex[:8]
    return {
        "users": ('mutation { updateProfile(input: {bio: "still here"}) { errors { code } } }', {}),
        "content": (
            "mutation($n: String!) { createChannel(input: {name: $n}) { errors { code } } }",
            {"n": f"Revocation {tag}"},
        ),
        "freelance": (
            "mutation($i: CreateGigInput!) { createGig(input: $i) { errors { code } } }",
            {
                "i": {
                    "title": f"Logo design number {tag}",
                    "description": "A logo drawn by hand, scanned and vectorised for print.",
                }
            },
        ),
        "marketplace": (
            "mutation($i: CreateProductInput!) { createProduct(input: $i) { errors { code } } }",
            {"i": {"title": f"Bicycle {tag}", "price": "120.00", "city": "Berlin"}},
        ),
        "notifications": (
            "mutation { updateNotificationPreferences(input: {marketing: false}) "
            "{ errors { code } } }",
            {},
        ),
    }


class Writers:
    """GraphQL clients of every subgraph (direct) and of the router."""

    def __init__(self, clients: dict[str, GraphQLClient]) -> None:
        self.clients = clients

    async def outcome(self, target: str, subgraph: str, token: str) -> str:
        """OK, or the refusal's code."""
        query, variables = _writes()[subgraph]
        body = await self.clients[target].execute(query, variables, token=token)
        codes = error_codes(body)
        if codes:
            return codes[0]
        payload = next(iter(body["data"].values()))
        assert payload["errors"] == [], payload
        return "OK"

    def targets(self) -> list[tuple[str, str]]:
        """(client, subgraph) pairs: each subgraph directly, and each through the router."""
        return [(s, s) for s in self.clients if s != "router"] + [
            ("router", s) for s in self.clients if s != "router"
        ]

    async def all_outcomes(self, token: str) -> dict[tuple[str, str], str]:
        pairs = self.targets()
        results = await asyncio.gather(*(self.outcome(c, s, token) for c, s in pairs))
        return dict(zip(pairs, results, strict=True))

    async def seconds_until_refused(self, token: str) -> dict[tuple[str, str], float]:
        """For each target, how long until `token` is refused; fails after the deadline."""
        start = time.monotonic()
        waiting = set(self.targets())
        refused: dict[tuple[str, str], float] = {}
        while waiting and time.monotonic() - start < REVOCATION_DEADLINE_SECONDS:
            for target in list(waiting):
                if await self.outcome(*target, token) == "UNAUTHENTICATED":
                    refused[target] = time.monotonic() - start
                    waiting.discard(target)
        assert not waiting, f"still accepted after {REVOCATION_DEADLINE_SECONDS} s: {waiting}"
        return refused


@pytest.fixture
async def writers(stack: Stack) -> AsyncIterator[Writers]:
    urls = {**stack.subgraph_urls, "router": stack.router_url}
    async with httpx.AsyncClient(timeout=30) as http:
        yield Writers(
            {name: GraphQLClient(http, path=f"{url}/graphql") for name, url in urls.items()}
        )


async def _mutate(api: GraphQLClient, token: str, query: str, **variables: Any) -> dict[str, Any]:
    data = await api.data(query, variables, token=token)
    payload: dict[str, Any] = next(iter(data.values()))
    assert payload["errors"] == [], payload["errors"]
    return payload


async def _refresh(api: GraphQLClient, account: Account) -> dict[str, Any]:
    return await _mutate(
        api,
        account.access,
        "mutation($t: String!) { refreshTokens(refreshToken: $t) { tokens { accessToken } "
        "errors { code } } }",
        t=account.refresh,
    )


ENABLE_ROLE = """mutation($r: Role!) { enableRole(role: $r) {
  user { roles } tokens { accessToken refreshToken } errors { code } } }"""


async def _freelancer_and_seller(api: GraphQLClient, accounts: Accounts) -> Account:
    """Both roles turned on through the router, each time with the tokens enableRole returned."""
    account = await accounts.register()
    for role in ("FREELANCER", "SELLER"):
        tokens = (await _mutate(api, account.access, ENABLE_ROLE, r=role))["tokens"]
        account.access, account.refresh = tokens["accessToken"], tokens["refreshToken"]
    return account


async def _as_admin(api: GraphQLClient, accounts: Accounts, change: str, account: Account) -> None:
    """`change(userId: $id, ...)` by a new admin, through the router."""
    admin = await accounts.admin()
    await _mutate(
        api,
        admin.access,
        f"mutation($id: ID!) {{ {change} {{ errors {{ code }} }} }}",
        id=account.id,
    )


async def test_enable_role_returns_tokens_that_carry_it(
    api: GraphQLClient, accounts: Accounts, writers: Writers
) -> None:
    account = await accounts.register()
    tokens = (await _mutate(api, account.access, ENABLE_ROLE, r="FREELANCER"))["tokens"]
    # Every verifier now holds the account's state with FREELANCER only...
    assert await writers.outcome("router", "freelance", tokens["accessToken"]) == "OK"
    assert await writers.outcome("router", "marketplace", tokens["accessToken"]) == "FORBIDDEN"
    tokens = (await _mutate(api, tokens["accessToken"], ENABLE_ROLE, r="SELLER"))["tokens"]
    account.access, account.refresh = tokens["accessToken"], tokens["refreshToken"]
    # ... and a token newer than that state is not judged by it: SELLER counts at once.
    outcomes = await writers.all_outcomes(account.access)
    assert set(outcomes.values()) == {"OK"}, outcomes
    # The returned refresh token continues the same sign-in.
    refreshed = await _refresh(api, account)
    assert refreshed["tokens"]["accessToken"]


async def test_deactivation_refuses_old_tokens_everywhere_within_a_second(
    api: GraphQLClient, accounts: Accounts, writers: Writers
) -> None:
    account = await _freelancer_and_seller(api, accounts)
    # Every verifier has read the account's state before (the cached case is the slow one).
    assert set((await writers.all_outcomes(account.access)).values()) == {"OK"}

    await _as_admin(api, accounts, "setUserActive(userId: $id, active: false)", account)
    waits = await writers.seconds_until_refused(account.access)

    assert max(waits.values()) < REVOCATION_DEADLINE_SECONDS
    body = await writers.clients["router"].execute("{ me { id } }", token=account.access)
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert "revoked" in body["errors"][0]["message"]


async def test_logout_everywhere_refuses_old_tokens_everywhere_within_a_second(
    api: GraphQLClient, accounts: Accounts, writers: Writers
) -> None:
    account = await _freelancer_and_seller(api, accounts)
    other_device = await accounts.login(account.email)
    assert set((await writers.all_outcomes(account.access)).values()) == {"OK"}

    await _mutate(
        api, other_device.access, "mutation { logoutEverywhere { success errors { code } } }"
    )
    waits = await writers.seconds_until_refused(account.access)

    assert max(waits.values()) < REVOCATION_DEADLINE_SECONDS
    assert error_codes(await api.execute("{ me { id } }", token=other_device.access)) == [
        "UNAUTHENTICATED"
    ]
    # Signing in again works at once (new tokens carry the new version).
    again = await accounts.login(account.email)
    assert set((await writers.all_outcomes(again.access)).values()) == {"OK"}


async def test_password_change_refuses_old_tokens_and_keeps_the_new_ones(
    api: GraphQLClient, accounts: Accounts, writers: Writers
) -> None:
    account = await _freelancer_and_seller(api, accounts)
    assert set((await writers.all_outcomes(account.access)).values()) == {"OK"}

    changed = await _mutate(
        api,
        account.access,
        "mutation($c: String!, $n: String!) { changePassword(current: $c, new: $n) "
        "{ tokens { accessToken } errors { code } } }",
        c=PASSWORD,
        n="a-new-password-42",
    )
    waits = await writers.seconds_until_refused(account.access)

    assert max(waits.values()) < REVOCATION_DEADLINE_SECONDS
    fresh = changed["tokens"]["accessToken"]
    assert set((await writers.all_outcomes(fresh)).values()) == {"OK"}


async def _create_gig(api: GraphQLClient, token: str) -> dict[str, Any]:
    query, variables = _writes()["freelance"]
    return await api.execute(query, variables, token=token)


async def test_a_role_added_by_an_admin_is_reported_as_a_stale_token(
    api: GraphQLClient, accounts: Accounts
) -> None:
    account = await accounts.register()
    await _as_admin(api, accounts, "setUserRoles(userId: $id, roles: [FREELANCER])", account)

    body = await _create_gig(api, account.access)

    assert error_codes(body) == ["FORBIDDEN"]
    error = body["errors"][0]
    assert error["extensions"]["reason"] == "STALE_TOKEN_ROLES"
    assert "refreshTokens" in error["message"]
    refreshed = await _refresh(api, account)
    body = await _create_gig(api, refreshed["tokens"]["accessToken"])
    assert "errors" not in body and body["data"]["createGig"]["errors"] == []


async def test_a_role_removed_by_an_admin_stops_counting_within_a_second(
    api: GraphQLClient, accounts: Accounts
) -> None:
    account = await accounts.with_roles("FREELANCER")
    assert "errors" not in await _create_gig(api, account.access)
    await _as_admin(api, accounts, "setUserRoles(userId: $id, roles: [])", account)

    start = time.monotonic()
    while time.monotonic() - start < REVOCATION_DEADLINE_SECONDS:
        body = await _create_gig(api, account.access)
        if error_codes(body):
            break
    assert error_codes(body) == ["FORBIDDEN"]
    assert "reason" not in body["errors"][0]["extensions"]  # not stale: the role is gone
