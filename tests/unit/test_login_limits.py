"""Login limits: the delay schedule, the settings' sanity rules, IP buckets, and the in-process
fallback limiter on a fake clock (the Redis limiter is tested over HTTP in integration)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from subgraphs.users.rules.login_limits import Attempt, LoginLimits, ip_bucket
from subgraphs.users.rules.throttle_memory import MemoryLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_delay_doubles_after_the_free_failures_up_to_its_cap() -> None:
    limits = LoginLimits(free_failures_per_account=10, delay_base_seconds=1, delay_max_seconds=5)
    assert limits.delay_schedule_ms() == [1000, 2000, 4000, 5000]
    assert [limits.delay_ms(n) for n in (1, 9, 10, 11, 12, 13, 50)] == [
        0,
        0,
        1000,
        2000,
        4000,
        5000,
        5000,
    ]


@pytest.mark.parametrize(
    "values",
    [
        {"free_failures_per_account": 5, "max_failures_per_email_ip": 5},
        {"max_failures_per_ip": 0},
        {"delay_max_seconds": 900, "window_seconds": 900},
    ],
)
def test_limits_that_would_let_one_client_delay_the_owner_or_make_no_sense_are_refused(
    values: dict[str, int],
) -> None:
    with pytest.raises(ValidationError):
        LoginLimits.model_validate(values)


def test_ip_buckets() -> None:
    assert ip_bucket("203.0.113.7") == "203.0.113.7"
    assert ip_bucket("2001:db8:1:2:3:4:5:6") == ip_bucket("2001:db8:1:2:ffff::1")
    assert ip_bucket("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert ip_bucket("::ffff:203.0.113.7") == "203.0.113.7"
    assert ip_bucket(None) == "unknown"


def test_attempts_of_one_email_in_any_case_count_together() -> None:
    assert Attempt.of(" Ada@Example.test ", "203.0.113.7") == Attempt.of(
        "ada@example.test", "203.0.113.7"
    )
    assert "ada" not in Attempt.of("ada@example.test", None).account


async def test_the_fallback_keeps_the_same_limits() -> None:
    clock = Clock()
    limits = LoginLimits(max_failures_per_ip=7, window_seconds=60, delay_max_seconds=30)
    limiter = MemoryLimiter(limits, clock)
    a = Attempt.of("victim@example.test", "203.0.113.1")
    assert [await limiter.reserve(a) for _ in range(5)] == [("", 0)] * 5
    assert await limiter.reserve(a) == ("email_ip", 60_000)
    # Another IP still gets in; a success clears the account and gives back its IP slot.
    b = Attempt.of("victim@example.test", "203.0.113.2")
    assert await limiter.reserve(b) == ("", 0)
    await limiter.succeeded(b)
    # The per-IP budget spans emails: 5 + 2 more from A's IP, then refused.
    for n in range(2):
        assert await limiter.reserve(Attempt.of(f"other{n}@example.test", "203.0.113.1")) == ("", 0)
    assert (await limiter.reserve(Attempt.of("x@example.test", "203.0.113.1")))[0] == "ip"
    clock.now += 61  # the window is over
    assert await limiter.reserve(a) == ("", 0)


async def test_the_fallback_delays_an_account_attacked_from_many_ips() -> None:
    clock = Clock()
    limiter = MemoryLimiter(LoginLimits(), clock)
    ips = iter(f"198.51.100.{n}" for n in range(200))
    email = "victim@example.test"
    for _ in range(10):
        assert await limiter.reserve(Attempt.of(email, next(ips))) == ("", 0)
    for wait in (1000, 2000, 4000):
        assert await limiter.reserve(Attempt.of(email, next(ips))) == ("account", wait)
        clock.now += wait / 1000
        assert await limiter.reserve(Attempt.of(email, next(ips))) == ("", 0)
    owner = Attempt.of(email, next(ips))
    clock.now += 8
    assert await limiter.reserve(owner) == ("", 0)
    await limiter.succeeded(owner)
    assert await limiter.reserve(Attempt.of(email, next(ips))) == ("", 0)
