"""Account states in real Redis: newer versions win, reads are cached and shared, and a Redis
that is gone leaves tokens checked by themselves instead of refusing everybody."""

from __future__ import annotations

import asyncio
import uuid

from redis.asyncio import Redis

from common.account_state import AccountState, AccountStates, publish, state_key
from subgraphs.kit.redis import get_redis
from subgraphs.kit.settings import get_settings

TTL = 900


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _state(version: int, valid_from: int = 0, *roles: str) -> AccountState:
    return AccountState(version, valid_from, frozenset(roles))


def _prefix() -> str:
    return get_settings().redis_prefix


async def test_an_older_version_published_late_does_not_overwrite_a_newer_one() -> None:
    user = str(uuid.uuid4())
    redis = get_redis()
    await publish(redis, _prefix(), user, _state(3, 3, "SELLER"), TTL)
    await publish(redis, _prefix(), user, _state(2, 0, "SELLER", "ADMIN"), TTL)

    states = AccountStates(get_redis, _prefix())
    assert await states.get(user) == _state(3, 3, "SELLER")
    ttl = await redis.ttl(state_key(_prefix(), user))
    assert TTL < ttl <= TTL + 60  # kept one token lifetime and a margin, then forgotten


async def test_reads_are_cached_for_half_a_second_and_shared_by_concurrent_requests() -> None:
    user = str(uuid.uuid4())
    await publish(get_redis(), _prefix(), user, _state(1, 0, "FREELANCER"), TTL)
    clock = Clock()
    states = AccountStates(get_redis, _prefix(), clock=clock)

    results = await asyncio.gather(*(states.get(user) for _ in range(20)))
    assert set(results) == {_state(1, 0, "FREELANCER")}
    assert states.redis_reads == 1

    await publish(get_redis(), _prefix(), user, _state(2, 2), TTL)
    clock.now += 0.4
    assert await states.get(user) == _state(1, 0, "FREELANCER")  # still cached
    clock.now += 0.2
    assert await states.get(user) == _state(2, 2)
    assert states.redis_reads == 2


async def test_an_account_never_changed_has_no_state() -> None:
    states = AccountStates(get_redis, _prefix())
    assert await states.get(str(uuid.uuid4())) is None


async def test_redis_gone_keeps_the_last_state_and_backs_off() -> None:
    user = str(uuid.uuid4())
    await publish(get_redis(), _prefix(), user, _state(5, 5), TTL)
    clock = Clock()
    nowhere = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    working = True
    states = AccountStates(lambda: get_redis() if working else nowhere, _prefix(), clock=clock)
    assert await states.get(user) == _state(5, 5)

    working = False
    clock.now += 1
    assert await states.get(user) == _state(5, 5)  # the revocation still holds
    reads = states.redis_reads
    assert await states.get(user) == _state(5, 5)
    assert states.redis_reads == reads  # no new attempt within a second of a failure
    assert await states.get(str(uuid.uuid4())) is None  # unknown: the token alone decides
    await nowhere.aclose()


async def test_a_token_newer_than_the_cached_state_reads_it_again() -> None:
    """A role just added: the new token must not be judged by the state cached before it."""
    user = str(uuid.uuid4())
    await publish(get_redis(), _prefix(), user, _state(1, 0, "FREELANCER"), TTL)
    clock = Clock()
    states = AccountStates(get_redis, _prefix(), clock=clock)
    assert await states.get(user, at_least=1) == _state(1, 0, "FREELANCER")

    await publish(get_redis(), _prefix(), user, _state(2, 0, "FREELANCER", "SELLER"), TTL)
    assert await states.get(user, at_least=1) == _state(1, 0, "FREELANCER")  # cached
    assert await states.get(user, at_least=2) == _state(2, 0, "FREELANCER", "SELLER")
