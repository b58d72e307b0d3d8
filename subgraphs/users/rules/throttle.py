"""Login throttling: admit or refuse an attempt before any password is checked.

A refused attempt answers RATE_LIMITED at once, with the seconds to wait, instead of being
held until its delay has passed (OWASP's progressive delay, as a refusal): a held request
would keep a connection and a task per attempt, and concurrent held attempts would all be
checked together when their delays ended. Refused attempts check no password and count
nowhere, so the guess rate is what the limits say.

Redis counts for every process; when it fails, this process counts alone (throttle_memory)
and logins keep working, or answer TEMPORARILY_UNAVAILABLE if the fallback is turned off.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Protocol

from redis.exceptions import RedisError

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.redis import get_redis
from subgraphs.users.rules.login_limits import (
    Attempt,
    LoginLimits,
    get_login_limits,
    retry_after_seconds,
)
from subgraphs.users.rules.throttle_memory import MemoryLimiter
from subgraphs.users.rules.throttle_redis import RedisLimiter

logger = logging.getLogger("agora.users.throttle")

# After Redis fails, the fallback decides alone for this long: each login during an outage
# does not pay for connection attempts and their retries first.
REDIS_RECHECK_SECONDS = 1.0

_MESSAGES = {
    "account": "Too many failed sign-ins to this account; try again in {} s.",
    "email_ip": "Too many failed attempts; try again in {} s.",
    "ip": "Too many failed sign-ins from your network; try again in {} s.",
}


class LoginRefused(DomainError):
    def __init__(self, reason: str, wait_ms: int) -> None:
        self.retry_after_seconds = retry_after_seconds(wait_ms)
        template = _MESSAGES.get(reason, _MESSAGES["email_ip"])
        super().__init__(Code.RATE_LIMITED, template.format(self.retry_after_seconds))


class LoginUnavailable(DomainError):
    """Redis is down and the in-process fallback is off."""

    retry_after_seconds = 1

    def __init__(self) -> None:
        super().__init__(
            Code.TEMPORARILY_UNAVAILABLE,
            "Signing in is briefly unavailable; try again in a moment.",
        )


class Limiter(Protocol):
    async def reserve(self, attempt: Attempt) -> tuple[str, int]: ...

    async def succeeded(self, attempt: Attempt) -> None: ...


@dataclass(frozen=True)
class Ticket:
    """An admitted attempt, and the limiter that counted it (told of a success too)."""

    attempt: Attempt
    limiter: Limiter


class _ProcessState:
    """What outlives a request: the fallback's counters and when Redis last failed."""

    def __init__(self) -> None:
        self.limits: LoginLimits | None = None
        self.fallback: MemoryLimiter | None = None
        self.redis_down_until = 0.0

    def memory(self, limits: LoginLimits) -> MemoryLimiter:
        if self.fallback is None or self.limits is not limits:
            self.limits, self.fallback = limits, MemoryLimiter(limits)
        return self.fallback


_process = _ProcessState()


class LoginThrottle:
    def __init__(self, limits: LoginLimits | None = None) -> None:
        self.limits = limits or get_login_limits()

    async def reserve(self, email: str, ip: str | None) -> Ticket:
        """Count the attempt, or raise LoginRefused / LoginUnavailable."""
        attempt = Attempt.of(email, ip)
        limiter = await self._admit(attempt)
        return Ticket(attempt, limiter)

    async def _admit(self, attempt: Attempt) -> Limiter:
        if time.monotonic() >= _process.redis_down_until:
            redis = RedisLimiter(get_redis(), self.limits)
            try:
                decision = await asyncio.wait_for(
                    redis.reserve(attempt), self.limits.redis_timeout_seconds
                )
            except (RedisError, OSError, TimeoutError) as error:
                self._redis_failed(error)
            else:
                self._refuse_if_waiting(*decision)
                return redis
        if not self.limits.redis_fallback:
            raise LoginUnavailable()
        memory = _process.memory(self.limits)
        self._refuse_if_waiting(*await memory.reserve(attempt))
        return memory

    @staticmethod
    def _refuse_if_waiting(reason: str, wait_ms: int) -> None:
        if wait_ms > 0:
            raise LoginRefused(reason, wait_ms)

    @staticmethod
    def _redis_failed(error: BaseException) -> None:
        _process.redis_down_until = time.monotonic() + REDIS_RECHECK_SECONDS
        logger.warning("login throttle: Redis unavailable (%r); counting in this process", error)

    async def succeeded(self, ticket: Ticket) -> None:
        try:
            await asyncio.wait_for(
                ticket.limiter.succeeded(ticket.attempt), self.limits.redis_timeout_seconds
            )
        except (RedisError, OSError, TimeoutError) as error:
            # The sign-in stands; the counters it would have cleared expire on their own.
            self._redis_failed(error)
