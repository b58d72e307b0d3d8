"""Login limits counted in Redis, shared by every users process.

Checking and counting all three limits is one Lua script, so it is atomic: 40 concurrent
attempts cannot all read "under the limit" before any of them counts (issue 11 found 22 of 40
getting through a check-then-count throttle). Every admitted attempt takes a slot on each
counter; a success gives its slots back, a failure keeps them.
"""

from __future__ import annotations

from redis.asyncio import Redis

from subgraphs.kit.redis import redis_key
from subgraphs.users.rules.login_limits import Attempt, LoginLimits

# KEYS: email+IP count, IP count, account count, account delay.
# ARGV: email+IP limit, IP limit, window (s), free failures per account, delays (ms)...
# Returns {reason, wait in ms}; reason '' and 0 when the attempt is admitted.
_RESERVE = """
local window = tonumber(ARGV[3])
local function over(key, limit)
  if tonumber(redis.call('GET', key) or '0') < limit then return 0 end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then ttl = window * 1000 end
  return ttl
end
local waits = {
  {'account', redis.call('PTTL', KEYS[4])},
  {'email_ip', over(KEYS[1], tonumber(ARGV[1]))},
  {'ip', over(KEYS[2], tonumber(ARGV[2]))},
}
local reason, worst = '', 0
for _, wait in ipairs(waits) do
  if wait[2] > worst then reason, worst = wait[1], wait[2] end
end
if worst > 0 then return {reason, worst} end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('EXPIRE', KEYS[1], window) end
if redis.call('INCR', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], window) end
-- The account's count slides: it lives while failures keep coming, from any IP.
local failures = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], window)
local extra = failures - tonumber(ARGV[4])
if extra >= 0 then
  local step = math.min(extra + 5, #ARGV)
  redis.call('SET', KEYS[4], '1', 'PX', ARGV[step])
end
return {'', 0}
"""

# The owner got in: forget the account's failures and this client's; give back the IP slot.
_SUCCEEDED = """
redis.call('DEL', KEYS[1], KEYS[3], KEYS[4])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 1
"""


class RedisLimiter:
    def __init__(self, redis: Redis, limits: LoginLimits) -> None:
        self.limits = limits
        self._reserve = redis.register_script(_RESERVE)
        self._succeeded = redis.register_script(_SUCCEEDED)

    @staticmethod
    def _keys(attempt: Attempt) -> list[str]:
        return [
            redis_key("login", "email-ip", attempt.account, attempt.ip),
            redis_key("login", "ip", attempt.ip),
            redis_key("login", "account", attempt.account),
            redis_key("login", "delay", attempt.account),
        ]

    async def reserve(self, attempt: Attempt) -> tuple[str, int]:
        """('', 0) when admitted (and counted), else (which limit, milliseconds to wait)."""
        limits = self.limits
        args = [
            limits.max_failures_per_email_ip,
            limits.max_failures_per_ip,
            limits.window_seconds,
            limits.free_failures_per_account,
            *limits.delay_schedule_ms(),
        ]
        reason, wait_ms = await self._reserve(keys=self._keys(attempt), args=args)
        return str(reason), int(wait_ms)

    async def succeeded(self, attempt: Attempt) -> None:
        await self._succeeded(keys=self._keys(attempt))
