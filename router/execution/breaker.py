"""A circuit breaker per subgraph: stop calling a subgraph that keeps failing, for a while.

closed: calls go out. After `failures` consecutive failed calls the circuit opens.
open: calls fail at once, without touching the network, for `pause` seconds.
half-open: once the pause is over, ONE trial call goes out (others still fail fast while it
runs). Its success closes the circuit; its failure opens it again for another pause. A trial
that ends neither way (cancelled: the client went away) lets the next call be the trial.

What counts as a failure is the caller's decision (the fetcher: no connection, a timeout, a
dropped connection, or an HTTP 5xx answer that is not GraphQL). Any successful call closes the
circuit and resets the count, so only consecutive failures open it.

Time comes from a monotonic clock, injectable for tests.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

FAILURES = "AGORA_ROUTER_BREAKER_FAILURES"
PAUSE_SECONDS = "AGORA_ROUTER_BREAKER_PAUSE_SECONDS"

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half-open"

Clock = Callable[[], float]


@dataclass(frozen=True)
class BreakerSettings:
    failures: int = 5  # consecutive failures that open a circuit; 0 turns breakers off
    pause: float = 10.0  # seconds an open circuit fails fast before a trial call

    def __post_init__(self) -> None:
        if self.failures < 0:
            raise ValueError(f"breaker failures must be 0 (off) or more, not {self.failures}")
        if self.pause < 0:
            raise ValueError(f"breaker pause must be 0 s or more, not {self.pause:g}")

    @property
    def enabled(self) -> bool:
        return self.failures > 0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> BreakerSettings:
        """`AGORA_ROUTER_BREAKER_FAILURES` (default 5, 0: off) and
        `AGORA_ROUTER_BREAKER_PAUSE_SECONDS` (default 10)."""
        default = cls()
        try:
            failures = int(environ.get(FAILURES) or default.failures)
            pause = float(environ.get(PAUSE_SECONDS) or default.pause)
            return cls(failures, pause)
        except ValueError as error:
            raise ValueError(f"{FAILURES} / {PAUSE_SECONDS}: {error}") from error


class CircuitOpen(Exception):
    """The circuit is open: the call was not made."""

    def __init__(self, retry_in: float | None) -> None:
        if retry_in is None:
            super().__init__("circuit open, its trial call is in flight")
        else:
            super().__init__(f"circuit open, next trial call in {retry_in:.1f} s")
        self.retry_in = retry_in


class CircuitBreaker:
    """The state of one subgraph's circuit. Not thread-safe: one event loop uses it."""

    def __init__(
        self, settings: BreakerSettings = BreakerSettings(), clock: Clock = time.monotonic
    ):
        self.settings = settings
        self.clock = clock
        self.failures = 0  # consecutive failures while closed
        self.opened_at: float | None = None
        self.trial_out = False  # the half-open trial call is in flight

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return CLOSED
        if self.trial_out or self.clock() - self.opened_at >= self.settings.pause:
            return HALF_OPEN
        return OPEN

    def before_call(self) -> bool:
        """Raises `CircuitOpen` unless a call may go out now; True when it is the trial call.

        Every call let through must be ended by exactly one of `succeeded`, `failed` or
        `abandoned`, given what this returned."""
        if self.opened_at is None:
            return False
        if self.trial_out:
            raise CircuitOpen(None)
        retry_in = self.opened_at + self.settings.pause - self.clock()
        if retry_in > 0:
            raise CircuitOpen(retry_in)
        self.trial_out = True
        return True

    def succeeded(self, trial: bool) -> None:
        """The subgraph answered: close the circuit (any answer proves it is reachable)."""
        if trial:
            self.trial_out = False
        self.failures = 0
        self.opened_at = None

    def failed(self, trial: bool) -> bool:
        """A call failed; True when this failure opened (or reopened) the circuit."""
        if not self.settings.enabled:
            return False
        if trial:
            self.trial_out = False
            self.opened_at = self.clock()
            return True
        if self.opened_at is not None:
            return False  # it went out before the circuit opened: already counted as open
        self.failures += 1
        if self.failures >= self.settings.failures:
            self.opened_at = self.clock()
            self.failures = 0
            return True
        return False

    def abandoned(self, trial: bool) -> None:
        """A call was cancelled before it ended: it proves nothing either way."""
        if trial:
            self.trial_out = False
