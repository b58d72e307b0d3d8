"""Login throttling without victim lockout (issue 11, item 3), over real HTTP against the users
subgraph, PostgreSQL and Redis. Client IPs are signed as the router signs them.

Limits are the defaults (subgraphs/users/rules/login_limits.py): 5 failures per email+IP, 50 per IP,
10 free failures per account, then waits of 1 s, 2 s, 4 s, ...
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

from common.client_ip import ClientIpSigner, load_router_secret
from subgraphs.users.rules import passwords
from subgraphs.users.rules.login_limits import get_login_limits
from tests.integration.accounts import PASSWORD, Accounts, unique_email
from tests.support.graphql import GraphQLClient

LIMITS = get_login_limits()
WRONG = "wrong-password-1"

LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    tokens { accessToken }
    errors { code message }
    retryAfterSeconds
  }
}
"""


def new_ip() -> str:
    """An address no other test uses (each test's counters start at zero)."""
    return "10." + ".".join(str(random.randrange(256)) for _ in range(3))


def signed(ip: str) -> dict[str, str]:
    secret = load_router_secret()  # the test run's, as the router has it
    assert secret is not None
    return ClientIpSigner(secret).headers(ip)


async def login_from(users: GraphQLClient, ip: str, email: str, password: str) -> dict[str, Any]:
    body = await users.execute(LOGIN, {"email": email, "password": password}, headers=signed(ip))
    assert "errors" not in body, body  # never a masked INTERNAL_SERVER_ERROR
    payload: dict[str, Any] = body["data"]["login"]
    return payload


def code(payload: dict[str, Any]) -> str | None:
    errors = payload["errors"]
    return None if not errors else str(errors[0]["code"])


async def eventually(
    probe: Callable[[], Awaitable[dict[str, Any]]], within: float
) -> dict[str, Any]:
    """Repeat `probe` until it is not refused; refused attempts are free, so polling is fair."""
    deadline = time.monotonic() + within
    while True:
        payload = await probe()
        if code(payload) != "RATE_LIMITED":
            return payload
        assert time.monotonic() < deadline, f"still refused after {within} s: {payload}"
        await asyncio.sleep(0.05)


async def test_five_wrong_passwords_from_ip_a_leave_the_owner_signing_in_from_ip_b(
    accounts: Accounts, users: GraphQLClient
) -> None:
    account = await accounts.register()
    attacker, owner = new_ip(), new_ip()
    for _ in range(5):
        assert code(await login_from(users, attacker, account.email, WRONG)) == (
            "INVALID_CREDENTIALS"
        )
    refused = await login_from(users, attacker, account.email, PASSWORD)
    assert code(refused) == "RATE_LIMITED"
    assert 1 <= refused["retryAfterSeconds"] <= LIMITS.window_seconds
    signed_in = await login_from(users, owner, account.email, PASSWORD)
    assert signed_in["errors"] == [] and signed_in["tokens"]["accessToken"]
    assert signed_in["retryAfterSeconds"] is None


async def test_concurrent_wrong_passwords_get_at_most_the_limit_of_checks(
    accounts: Accounts, users: GraphQLClient
) -> None:
    account = await accounts.register()
    ip = new_ip()
    before = passwords.verifications
    answers = await asyncio.gather(
        *(login_from(users, ip, account.email, WRONG) for _ in range(40))
    )
    codes = [code(answer) for answer in answers]
    # Only attempts that passed the throttle reach argon2 and answer INVALID_CREDENTIALS.
    assert codes.count("INVALID_CREDENTIALS") == LIMITS.max_failures_per_email_ip
    assert codes.count("RATE_LIMITED") == 40 - LIMITS.max_failures_per_email_ip
    assert passwords.verifications - before == LIMITS.max_failures_per_email_ip


async def test_one_ip_spraying_many_accounts_runs_out_of_its_own_budget(
    accounts: Accounts, users: GraphQLClient
) -> None:
    owner = await accounts.register()
    sprayer, neighbour = new_ip(), new_ip()
    tries = LIMITS.max_failures_per_ip + 10
    before = passwords.verifications
    # Unknown emails: each checks a dummy hash (same time as a real one) and is counted.
    answers = await asyncio.gather(
        *(login_from(users, sprayer, unique_email("spray"), WRONG) for _ in range(tries))
    )
    codes = [code(answer) for answer in answers]
    assert codes.count("INVALID_CREDENTIALS") == LIMITS.max_failures_per_ip
    assert codes.count("RATE_LIMITED") == 10
    assert passwords.verifications - before == LIMITS.max_failures_per_ip
    # Even a right password is not checked from that IP now; other IPs are not affected.
    from_sprayer = await login_from(users, sprayer, owner.email, PASSWORD)
    assert code(from_sprayer) == "RATE_LIMITED"
    assert "network" in from_sprayer["errors"][0]["message"]
    assert (await login_from(users, neighbour, owner.email, PASSWORD))["errors"] == []


async def test_an_account_attacked_from_many_ips_gets_a_growing_delay_not_a_lockout(
    accounts: Accounts, users: GraphQLClient
) -> None:
    account = await accounts.register()
    free = LIMITS.free_failures_per_account
    for _ in range(free // 2):  # two failures per IP: no IP reaches its own limit
        ip = new_ip()
        for _ in range(2):
            assert code(await login_from(users, ip, account.email, WRONG)) == (
                "INVALID_CREDENTIALS"
            )
    waits = []
    for expected in (1, 2):
        refused = await login_from(users, new_ip(), account.email, PASSWORD)
        assert code(refused) == "RATE_LIMITED", refused
        assert refused["retryAfterSeconds"] == expected
        assert "account" in refused["errors"][0]["message"]
        started = time.monotonic()
        # A guess is checked again only once the wait is over (and counts: the wait doubles).
        admitted = await eventually(
            lambda: login_from(users, new_ip(), account.email, WRONG), within=expected + 5
        )
        waits.append(time.monotonic() - started)
        assert code(admitted) == "INVALID_CREDENTIALS"
    # The owner, from anywhere, is delayed, never locked out: in once the 4 s are over.
    refused = await login_from(users, new_ip(), account.email, PASSWORD)
    assert refused["retryAfterSeconds"] == 4
    started = time.monotonic()
    signed_in = await eventually(
        lambda: login_from(users, new_ip(), account.email, PASSWORD), within=4 + 5
    )
    waits.append(time.monotonic() - started)
    assert signed_in["errors"] == []
    assert 0.5 < waits[0] < waits[1] < waits[2]
    assert waits[2] >= 4 - 0.5
    # Signing in cleared the account's failures: guesses are checked at once again.
    for _ in range(2):
        payload = await login_from(users, new_ip(), account.email, WRONG)
        assert code(payload) == "INVALID_CREDENTIALS"


async def test_concurrent_guesses_from_many_ips_get_the_account_s_free_checks_only(
    accounts: Accounts, users: GraphQLClient
) -> None:
    account = await accounts.register()
    before = passwords.verifications
    answers = await asyncio.gather(
        *(login_from(users, new_ip(), account.email, WRONG) for _ in range(40))
    )
    codes = [code(answer) for answer in answers]
    free = LIMITS.free_failures_per_account
    assert codes.count("INVALID_CREDENTIALS") == free
    assert codes.count("RATE_LIMITED") == 40 - free
    assert passwords.verifications - before == free
