"""The same login limits counted in this process: the fallback while Redis is unavailable.

Each process counts on its own, so N users processes together admit up to N times the limits
during an outage; still bounded, and logins keep working. Nothing here awaits, so each call is
atomic on the event loop, as the Redis script is atomic in Redis.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from subgraphs.users.rules.login_limits import Attempt, LoginLimits

# Past this many entries, expired ones are swept; if that is not enough, the oldest go (an
# outage under a spray of random emails must not grow memory without bound).
MAX_ENTRIES = 100_000


class _Expiring:
    """Counters and deadlines that vanish after their time, as Redis keys with a TTL."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._items: dict[str, tuple[int, float]] = {}

    def get(self, key: str) -> tuple[int, float]:
        """(value, seconds left); (0, 0.0) when absent or expired."""
        value, expires = self._items.get(key, (0, 0.0))
        left = expires - self._clock()
        return (value, left) if left > 0 else (0, 0.0)

    def set(self, key: str, value: int, ttl: float) -> None:
        self._items.pop(key, None)  # re-inserted last: dict order is age order
        self._items[key] = (value, self._clock() + ttl)
        if len(self._items) > MAX_ENTRIES:
            self._shrink()

    def incr(self, key: str, ttl: float, *, slide: bool) -> int:
        value, left = self.get(key)
        self.set(key, value + 1, ttl if slide or value == 0 else left)
        return value + 1

    def decr(self, key: str) -> None:
        value, left = self.get(key)
        if value > 0:
            self._items[key] = (value - 1, self._clock() + left)

    def delete(self, *keys: str) -> None:
        for key in keys:
            self._items.pop(key, None)

    def _shrink(self) -> None:
        now = self._clock()
        self._items = {k: item for k, item in self._items.items() if item[1] > now}
        for key in list(self._items)[: max(0, len(self._items) - MAX_ENTRIES // 2)]:
            del self._items[key]


class MemoryLimiter:
    def __init__(self, limits: LoginLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._store = _Expiring(clock)

    @staticmethod
    def _keys(attempt: Attempt) -> tuple[str, str, str, str]:
        return (
            f"email-ip:{attempt.account}:{attempt.ip}",
            f"ip:{attempt.ip}",
            f"account:{attempt.account}",
            f"delay:{attempt.account}",
        )

    def _over(self, key: str, limit: int) -> float:
        value, left = self._store.get(key)
        return left if value >= limit else 0.0

    async def reserve(self, attempt: Attempt) -> tuple[str, int]:
        """As RedisLimiter.reserve."""
        limits, store = self.limits, self._store
        pair, ip, account, delay = self._keys(attempt)
        waits = [
            ("account", store.get(delay)[1]),
            ("email_ip", self._over(pair, limits.max_failures_per_email_ip)),
            ("ip", self._over(ip, limits.max_failures_per_ip)),
        ]
        reason, worst = max(waits, key=lambda wait: wait[1])
        if worst > 0:
            return reason, max(1, round(worst * 1000))
        window = limits.window_seconds
        store.incr(pair, window, slide=False)
        store.incr(ip, window, slide=False)
        failures = store.incr(account, window, slide=True)
        wait_ms = limits.delay_ms(failures)
        if wait_ms:
            store.set(delay, 1, wait_ms / 1000)
        return "", 0

    async def succeeded(self, attempt: Attempt) -> None:
        pair, ip, account, delay = self._keys(attempt)
        self._store.delete(pair, account, delay)
        self._store.decr(ip)
