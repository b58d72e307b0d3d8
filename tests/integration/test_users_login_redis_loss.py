"""Logins while Redis is down and after it comes back, for real: `agora subgraph users` processes
pointed at a redis-server of this test's own (killed with SIGKILL, started again on its port);
PostgreSQL as everywhere else. The run's shared Redis is never touched.
"""

from __future__ import annotations

import asyncio
import signal
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from redis import Redis

from agora.infra.processes import free_port
from agora.infra.redis import EmbeddedRedis
from tests.e2e.processes import Processes
from tests.integration.accounts import PASSWORD, Accounts
from tests.integration.test_users_login_throttle import WRONG, code, login_from, new_ip
from tests.support.graphql import GraphQLClient

# A process asks Redis again 1 s after it failed; reconnecting must not take much longer.
RECONNECT_WITHIN_SECONDS = 5.0


class OwnRedis:
    def __init__(self, workdir: Path) -> None:
        self.dir, self.port = workdir / "redis", free_port()
        self.server = EmbeddedRedis(self.dir, port=self.port)
        self.url = self.server.start()
        self.prefix = f"agora-login-loss-{uuid.uuid4().hex[:8]}:"

    def kill(self) -> None:
        process = self.server._process
        assert process is not None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        self.server.stop()  # forgets the dead server

    def restart(self) -> None:
        self.server = EmbeddedRedis(self.dir, port=self.port)
        assert self.server.start() == self.url

    def login_keys(self) -> int:
        """How many email+IP counters the users processes keep in this Redis."""
        with Redis.from_url(self.url) as client:
            return len(list(client.scan_iter(match=f"{self.prefix}login:email-ip:*")))


@dataclass
class Users:
    redis: OwnRedis
    with_fallback: str
    without_fallback: str


@pytest.fixture
def users_on_own_redis(tmp_path: Path) -> Iterator[Users]:
    redis = OwnRedis(tmp_path)
    env = {"AGORA_REDIS_URL": redis.url, "AGORA_REDIS_PREFIX": redis.prefix}
    lenient = Processes(tmp_path, **env)
    strict = Processes(tmp_path, **env, AGORA_LOGIN_REDIS_FALLBACK="false")
    try:
        yield Users(redis, lenient.subgraph("users"), strict.subgraph("users"))
    finally:
        lenient.stop()
        strict.stop()
        redis.server.stop(force=True)


@pytest.fixture
async def clients(users_on_own_redis: Users) -> AsyncIterator[tuple[GraphQLClient, GraphQLClient]]:
    async with (
        httpx.AsyncClient(base_url=users_on_own_redis.with_fallback, timeout=30) as one,
        httpx.AsyncClient(base_url=users_on_own_redis.without_fallback, timeout=30) as other,
    ):
        yield GraphQLClient(one), GraphQLClient(other)


async def test_logins_work_without_redis_and_count_in_redis_again_after_it_returns(
    users_on_own_redis: Users,
    clients: tuple[GraphQLClient, GraphQLClient],
    accounts: Accounts,
) -> None:
    redis, (users, strict) = users_on_own_redis.redis, clients
    account = await accounts.register()  # the users databases are the run's: any process works
    attacker, owner = new_ip(), new_ip()
    assert code(await login_from(users, attacker, account.email, WRONG)) == "INVALID_CREDENTIALS"
    assert redis.login_keys() == 1  # counted in Redis while it is up

    redis.kill()
    # The fallback counts in the process, with the same limits: A gets 5 checks, then waits.
    for _ in range(5):
        payload = await login_from(users, attacker, account.email, WRONG)
        assert code(payload) == "INVALID_CREDENTIALS", payload
    refused = await login_from(users, attacker, account.email, PASSWORD)
    assert code(refused) == "RATE_LIMITED" and refused["retryAfterSeconds"] >= 1
    signed_in = await login_from(users, owner, account.email, PASSWORD)
    assert signed_in["errors"] == [] and signed_in["tokens"]["accessToken"]
    # With the fallback turned off: a coded error that says to come back, not a masked one.
    unavailable = await login_from(strict, owner, account.email, PASSWORD)
    assert code(unavailable) == "TEMPORARILY_UNAVAILABLE"
    assert unavailable["retryAfterSeconds"] == 1

    redis.restart()
    # Both processes use Redis again (the first attempt may still be the fallback's: a
    # process waits 1 s after a failure before asking Redis again).
    await wait_until_counted_in_redis(redis, users, account.email, expected=1)
    await wait_until_counted_in_redis(redis, strict, account.email, expected=2)
    assert (await login_from(strict, owner, account.email, PASSWORD))["errors"] == []


async def wait_until_counted_in_redis(
    redis: OwnRedis, users: GraphQLClient, email: str, expected: int
) -> None:
    """Wrong passwords from new IPs until Redis holds `expected` counters (bounded wait)."""
    deadline = time.monotonic() + RECONNECT_WITHIN_SECONDS
    while True:
        payload = await login_from(users, new_ip(), email, WRONG)
        assert code(payload) in ("INVALID_CREDENTIALS", "TEMPORARILY_UNAVAILABLE"), payload
        if redis.login_keys() >= expected:
            return
        assert time.monotonic() < deadline, "logins never counted in Redis again"
        await asyncio.sleep(0.1)


async def test_the_first_login_after_a_redis_restart_reaches_redis(
    users_on_own_redis: Users,
    clients: tuple[GraphQLClient, GraphQLClient],
    accounts: Accounts,
) -> None:
    """A pooled connection to the old server is dead; the login must not fail over it, nor
    quietly count in the process: it is retried on a new connection."""
    redis, (users, strict) = users_on_own_redis.redis, clients
    account = await accounts.register()
    for client in (users, strict):  # each process holds a pooled connection to Redis
        assert code(await login_from(client, new_ip(), account.email, WRONG)) == (
            "INVALID_CREDENTIALS"
        )
    assert redis.login_keys() == 2

    redis.kill()
    redis.restart()  # empty: nothing persisted
    assert redis.login_keys() == 0
    first = await login_from(strict, new_ip(), account.email, PASSWORD)
    assert first["errors"] == [], first  # no fallback there: only Redis could admit it
    assert code(await login_from(users, new_ip(), account.email, WRONG)) == ("INVALID_CREDENTIALS")
    assert redis.login_keys() == 1  # the success cleared its own; the failure is in Redis
