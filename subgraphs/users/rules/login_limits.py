"""How many failed logins are allowed, and how long an account waits after many (issue 11, 3).

OWASP's advice against brute force without handing strangers a lockout button:
- a small budget per email and client IP: one client guessing one account;
- a larger budget per client IP across all emails: one client spraying many accounts;
- per account, across every IP, a few free failures and then a delay that doubles with each
  further failure (capped), instead of a hard lock. The free failures per account are more
  than one IP's budget for that account, so one client alone can never delay the owner.

Read from the environment (prefix `AGORA_LOGIN_`); documented in the README.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from dataclasses import dataclass
from functools import lru_cache

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class LoginLimits(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AGORA_LOGIN_", extra="ignore")

    max_failures_per_email_ip: int = 5
    max_failures_per_ip: int = 50
    window_seconds: int = 15 * 60
    free_failures_per_account: int = 10
    delay_base_seconds: float = 1.0
    delay_max_seconds: float = 300.0
    # Without Redis each process counts on its own (same limits, per process) unless this is
    # off: then logins answer TEMPORARILY_UNAVAILABLE until Redis is back.
    redis_fallback: bool = True
    # A Redis that hangs must not hold logins: past this, the fallback decides.
    redis_timeout_seconds: float = 1.0

    @model_validator(mode="after")
    def _owner_never_delayed_by_one_client(self) -> LoginLimits:
        if self.free_failures_per_account <= self.max_failures_per_email_ip:
            raise ValueError(
                "AGORA_LOGIN_FREE_FAILURES_PER_ACCOUNT must exceed "
                "AGORA_LOGIN_MAX_FAILURES_PER_EMAIL_IP, or one client can delay the owner"
            )
        if min(self.max_failures_per_email_ip, self.max_failures_per_ip) < 1:
            raise ValueError("login failure budgets must be at least 1")
        if self.delay_max_seconds >= self.window_seconds:
            # The account's count must outlive the longest delay, or it resets mid-attack.
            raise ValueError("AGORA_LOGIN_DELAY_MAX_SECONDS must be under the window")
        return self

    def delay_schedule_ms(self) -> list[int]:
        """Waits after the free failures: base, twice that, ... up to the cap (its last item).

        One list for both limiters: Redis's script and the in-process fallback read it."""
        schedule = [math.ceil(self.delay_base_seconds * 1000)]
        cap = math.ceil(self.delay_max_seconds * 1000)
        while schedule[-1] < cap:
            schedule.append(min(cap, schedule[-1] * 2))
        return schedule

    def delay_ms(self, failures: int) -> int:
        """The wait before the next attempt once an account has `failures` (0 while free)."""
        extra = failures - self.free_failures_per_account
        if extra < 0:
            return 0
        schedule = self.delay_schedule_ms()
        return schedule[min(extra, len(schedule) - 1)]


@lru_cache(maxsize=1)
def get_login_limits() -> LoginLimits:
    return LoginLimits()


@dataclass(frozen=True)
class Attempt:
    """Who a login attempt is counted against. The email is hashed: keys stay short and Redis
    holds no addresses."""

    account: str
    ip: str

    @classmethod
    def of(cls, email: str, ip: str | None) -> Attempt:
        normalised = email.strip().lower()  # as the account lookup normalises it
        digest = hashlib.sha256(normalised.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return cls(account=digest, ip=ip_bucket(ip))


def ip_bucket(ip: str | None) -> str:
    """One budget per IPv4 address and per IPv6 /64 (one subscriber's usual allocation)."""
    if ip is None:
        return "unknown"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def retry_after_seconds(milliseconds: int) -> int:
    return max(1, math.ceil(milliseconds / 1000))
