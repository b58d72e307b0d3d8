"""What every access token is checked against: the account's revocations and current roles.

An access token lives 15 minutes, so signing out, deactivation and a password change must reach
tokens already issued. The users subgraph keeps, per account, a version that grows with every
change of roles, activity or sessions, and the version from which tokens are still good; each
access token carries the version it was issued at (claim `ver`).

After each change the users subgraph writes the account's state to Redis (`publish`), kept for
one access-token lifetime plus a margin: older tokens have expired by then, newer ones carry the
current state. Every verifier (subgraphs, router) reads it (`AccountStates`), cached in the
process for half a second, so a revocation takes effect everywhere within a second at the cost
of one Redis read per signed-in user per half second per process, and no database query.

Redis unavailable: the last state read is used, else the token alone (fail open, logged), so a
Redis outage does not sign everybody out.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from redis import exceptions
from redis.asyncio import Redis

logger = logging.getLogger("agora.account_state")

MAX_AGE_SECONDS = 0.5
CAPACITY = 10_000
# After a failed read, Redis is left alone this long (each request would wait on it otherwise).
RETRY_AFTER_FAILURE_SECONDS = 1.0
MARGIN_SECONDS = 60


@dataclass(frozen=True)
class AccountState:
    version: int
    valid_from: int  # tokens issued at a lower version are revoked
    roles: frozenset[str]


def state_key(prefix: str, user_id: str) -> str:
    return f"{prefix}account:{user_id}"


# Writes only a newer version: two changes committed in one order may publish in the other.
_PUBLISH = """
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '-1')
if tonumber(ARGV[1]) > current then
  redis.call('HSET', KEYS[1], 'version', ARGV[1], 'valid_from', ARGV[2], 'roles', ARGV[3])
end
redis.call('EXPIRE', KEYS[1], ARGV[4])
return current
"""


async def publish(
    redis: Redis,
    prefix: str,
    user_id: str,
    state: AccountState,
    token_ttl_seconds: int,
) -> None:
    await redis.eval(
        _PUBLISH,
        1,
        state_key(prefix, user_id),
        state.version,
        state.valid_from,
        ",".join(sorted(state.roles)),
        token_ttl_seconds + MARGIN_SECONDS,
    )


def _decode(fields: dict[bytes | str, bytes | str]) -> AccountState | None:
    values = {
        (k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v)
        for k, v in fields.items()
    }
    if "version" not in values:
        return None
    roles = values.get("roles", "")
    return AccountState(
        version=int(values["version"]),
        valid_from=int(values.get("valid_from", "0")),
        roles=frozenset(role for role in roles.split(",") if role),
    )


@dataclass(frozen=True)
class _Entry:
    state: AccountState | None
    read_at: float


def _fresh(entry: _Entry, at_least: int) -> bool:
    return at_least == 0 or (entry.state is not None and entry.state.version >= at_least)


class AccountStates:
    """Account states read from Redis, each cached for `max_age` seconds in this process; one
    read at a time per account (concurrent requests of one user share it)."""

    def __init__(
        self,
        redis: Callable[[], Redis],
        prefix: str,
        *,
        max_age: float = MAX_AGE_SECONDS,
        capacity: int = CAPACITY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self._max_age = max_age
        self._capacity = capacity
        self._clock = clock
        self._cache: OrderedDict[str, _Entry] = OrderedDict()
        self._reads: dict[tuple[int, str], asyncio.Task[AccountState | None]] = {}
        self._skip_redis_until = float("-inf")
        self.redis_reads = 0  # for tests and benchmarks

    async def get(self, user_id: str, at_least: int = 0) -> AccountState | None:
        """The account's state; a cached one older than version `at_least` (a token issued
        after it, e.g. carrying a role just added) is read again."""
        entry = self._cache.get(user_id)
        now = self._clock()
        if entry is not None and now - entry.read_at < self._max_age and _fresh(entry, at_least):
            return entry.state
        if now < self._skip_redis_until:
            return entry.state if entry is not None else None
        # Reads are per event loop: a task belongs to the loop that made it.
        key = (id(asyncio.get_running_loop()), user_id)
        read = self._reads.get(key)
        if read is None:
            read = self._reads[key] = asyncio.ensure_future(self._read(user_id, entry))
            read.add_done_callback(lambda _: self._reads.pop(key, None))
        # One caller giving up must not cancel the read the others wait for.
        return await asyncio.shield(read)

    def forget(self, user_ids: Iterable[str]) -> None:
        for user_id in user_ids:
            self._cache.pop(user_id, None)

    async def _read(self, user_id: str, stale: _Entry | None) -> AccountState | None:
        try:
            self.redis_reads += 1
            fields = await self._redis().hgetall(state_key(self._prefix, user_id))
        except (exceptions.RedisError, OSError) as error:
            self._skip_redis_until = self._clock() + RETRY_AFTER_FAILURE_SECONDS
            logger.warning("account state unavailable, tokens checked alone: %s", error)
            return stale.state if stale is not None else None
        state = _decode(fields)
        self._remember(user_id, state)
        return state

    def _remember(self, user_id: str, state: AccountState | None) -> None:
        self._cache[user_id] = _Entry(state, self._clock())
        self._cache.move_to_end(user_id)
        while len(self._cache) > self._capacity:
            self._cache.popitem(last=False)
