"""Prometheus metrics of the router, served at `GET /metrics`.

Names follow the OpenTelemetry semantic conventions rendered for Prometheus:

- `http_server_request_duration_seconds{operation, outcome}`: client requests. `operation` is
  the operation's name (`anonymous` without one); after `OPERATION_NAMES_MAX` distinct names
  every new one counts as `other`, so a client cannot blow up the series. `outcome` is `ok`,
  `error` (a response with errors), `rejected` (refused by the router: limits, validation,
  cost, auth of the request) or `failed` (a bug of ours, HTTP 500).
- `agora_router_subgraph_request_duration_seconds{subgraph}` and
  `agora_router_subgraph_errors_total{subgraph, code}`: calls to subgraphs.
- `agora_router_rejections_total{code}`: requests the router refused, by error code.
- `agora_router_cache_lookups_total{cache, result}`: document and plan caches, hit or miss.
- `agora_router_active_subscriptions`: subscriptions being streamed.

`agora router --no-metrics` (`AGORA_ROUTER_METRICS=false`) records nothing and answers
`/metrics` with 404: the baseline of `make bench`'s instrumentation overhead, and a choice for
deployments that do not scrape.

With several worker processes (`agora router --workers N`), `PROMETHEUS_MULTIPROC_DIR` makes
every process write its samples to that directory and `/metrics` add them up
(prometheus-client's multiprocess mode); `agora router` sets it up by itself.
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
OPERATION_NAMES_MAX = 200
ANONYMOUS = "anonymous"
OTHER = "other"
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class _Unrecorded:
    """Stands in for every metric when metrics are off: each call does nothing."""

    def labels(self, *_: Any) -> _Unrecorded:
        return self

    def observe(self, _: float) -> None:
        pass

    def inc(self, _: float = 1) -> None:
        pass

    def dec(self, _: float = 1) -> None:
        pass


class RouterMetrics:
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        # A registry of its own: several routers may live in one process (tests).
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Histogram(
            "http_server_request_duration_seconds",
            "GraphQL requests to the router, by operation name and outcome.",
            ["operation", "outcome"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.subgraph_requests = Histogram(
            "agora_router_subgraph_request_duration_seconds",
            "Calls from the router to a subgraph.",
            ["subgraph"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.subgraph_errors = Counter(
            "agora_router_subgraph_errors",
            "Subgraph calls that failed, by error code.",
            ["subgraph", "code"],
            registry=self.registry,
        )
        self.rejections = Counter(
            "agora_router_rejections",
            "Requests the router refused, by error code.",
            ["code"],
            registry=self.registry,
        )
        self.cache_lookups = Counter(
            "agora_router_cache_lookups",
            "Document and plan cache lookups.",
            ["cache", "result"],
            registry=self.registry,
        )
        self.active_subscriptions = Gauge(
            "agora_router_active_subscriptions",
            "Subscriptions the router is streaming.",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self._names: set[str] = set()
        self._lookups = {
            (cache, hit): self.cache_lookups.labels(cache, "hit" if hit else "miss")
            for cache in ("document", "plan")
            for hit in (True, False)
        }  # bound once: two lookups per request
        if not enabled:
            self.registry = CollectorRegistry()
            unrecorded: Any = _Unrecorded()
            self.requests = self.subgraph_requests = unrecorded
            self.subgraph_errors = self.rejections = self.cache_lookups = unrecorded
            self.active_subscriptions = unrecorded
            self._lookups = dict.fromkeys(self._lookups, unrecorded)

    def operation(self, name: str | None) -> str:
        if not name:
            return ANONYMOUS
        if name in self._names:
            return name
        if len(self._names) >= OPERATION_NAMES_MAX:
            return OTHER
        self._names.add(name)
        return name

    def cache(self, cache: str, hit: bool) -> None:
        self._lookups[cache, hit].inc()

    def render(self) -> tuple[bytes, str]:
        """The text exposition: this process's metrics, or every worker's in multiprocess mode."""
        if os.environ.get(MULTIPROCESS_DIR):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
