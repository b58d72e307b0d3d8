"""Prometheus metrics of a subgraph, served at `GET /metrics`.

- `http_server_request_duration_seconds{operation, outcome}`: every GraphQL request over HTTP,
  by operation name (`anonymous` without one, `other` past `OPERATION_NAMES_MAX` names) and
  outcome (`ok`, or `error` when the response carries errors). The name and outcome come from
  the `OperationMetrics` schema extension, the timing from `MetricsMiddleware` around it.
- `agora_subgraph_request_sql_statements{operation}`: the SQL statements each of those requests
  sent to the database (counted by SQLAlchemy's `before_cursor_execute`), so a list that
  costs a statement per item (N+1) shows in production, and `make bench` divides it by its
  requests.
- `agora_db_pool_connections{subgraph, state}`: the database pool's connections `in_use` and
  `idle`, `overflow` ones opened past its size, and callers `waiting` for a connection, read
  when scraped.

With `agora subgraph NAME --workers N`, `PROMETHEUS_MULTIPROC_DIR` makes the workers' samples
add up (prometheus-client's multiprocess mode); the pool gauges are then per scraped worker.
"""

from __future__ import annotations

import contextvars
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import event
from sqlalchemy.engine import Engine
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from subgraphs.kit.database import Database

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
OPERATION_NAMES_MAX = 200
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
STATEMENT_BUCKETS = (0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128, 256)


@dataclass
class RequestFacts:
    operation: str | None = None
    outcome: str = "ok"
    statements: int = 0


_facts: contextvars.ContextVar[RequestFacts | None] = contextvars.ContextVar(
    "agora_request_facts", default=None
)


class OperationMetrics(SchemaExtension):
    """Tells `MetricsMiddleware` which operation ran and whether it answered with errors."""

    def on_operation(self) -> Iterator[None]:
        yield
        facts = _facts.get()
        if facts is None:
            return
        context = self.execution_context
        facts.operation = context.operation_name
        result = context.result
        if getattr(result, "errors", None):
            facts.outcome = "error"


def _count_statement(*_: Any) -> None:
    # Runs in SQLAlchemy's greenlet, which carries the request's context (and its facts).
    facts = _facts.get()
    if facts is not None:
        facts.statements += 1


def count_statements() -> None:
    """Counts each statement of every engine of this process towards the request it runs for
    (listening on the Engine class: an engine made again after `Database.dispose` counts too)."""
    if not event.contains(Engine, "before_cursor_execute", _count_statement):
        event.listen(Engine, "before_cursor_execute", _count_statement)


class _PoolCollector(Collector):
    def __init__(self, subgraph: str, db: Database) -> None:
        self.subgraph = subgraph
        self.db = db

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "agora_db_pool_connections",
            "Database pool connections of this process, by state.",
            labels=["subgraph", "state"],
        )
        pool = self.db.engine.pool
        for state, reader in (("in_use", "checkedout"), ("idle", "checkedin")):
            count = getattr(pool, reader, None)
            if callable(count):
                family.add_metric([self.subgraph, state], float(count()))
        overflow = getattr(pool, "overflow", None)
        if callable(overflow):
            family.add_metric([self.subgraph, "overflow"], float(max(overflow(), 0)))
        waiting = getattr(pool, "waiting", None)  # subgraphs.kit.database.WaitCountingPool
        if isinstance(waiting, int):
            family.add_metric([self.subgraph, "waiting"], float(waiting))
        yield family


class SubgraphMetrics:
    def __init__(self, subgraph: str, db: Database) -> None:
        self.registry = CollectorRegistry(auto_describe=True)  # one per app (tests build many)
        self.requests = Histogram(
            "http_server_request_duration_seconds",
            "GraphQL requests to this subgraph, by operation name and outcome.",
            ["operation", "outcome"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.statements = Histogram(
            "agora_subgraph_request_sql_statements",
            "SQL statements of each GraphQL request to this subgraph, by operation name.",
            ["operation"],
            buckets=STATEMENT_BUCKETS,
            registry=self.registry,
        )
        count_statements()
        self.pool = _PoolCollector(subgraph, db)
        self.registry.register(self.pool)
        self._names: set[str] = set()

    def operation(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        if name not in self._names and len(self._names) >= OPERATION_NAMES_MAX:
            return "other"
        self._names.add(name)
        return name

    def route(self) -> Route:
        async def metrics(_: Request) -> Response:
            if os.environ.get(MULTIPROCESS_DIR):
                registry = CollectorRegistry()
                multiprocess.MultiProcessCollector(registry)
                registry.register(self.pool)
                return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
            return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)

        return Route("/metrics", metrics, methods=["GET"])


class MetricsMiddleware:
    """Times each `/graphql` HTTP request; `OperationMetrics` fills in what it was."""

    def __init__(self, app: ASGIApp, metrics: SubgraphMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/graphql"):
            await self.app(scope, receive, send)
            return
        facts = RequestFacts()
        token = _facts.set(facts)
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        except Exception:
            facts.outcome = "error"
            raise
        finally:
            _facts.reset(token)
            operation = self.metrics.operation(facts.operation)
            elapsed = time.perf_counter() - started
            self.metrics.requests.labels(operation, facts.outcome).observe(elapsed)
            self.metrics.statements.labels(operation).observe(facts.statements)
