"""GraphQL over HTTP to subgraphs: one keep-alive pool per subgraph, JSON POSTs.

With `deduplicate`, identical requests in flight at the same time (same subgraph, operation,
variables and forwarded headers) share one subgraph call, as Apollo Router's
`deduplicate_query` does (the request id is not part of the match: the first caller's is
sent). Mutations never share. Each caller parses its own copy of the
answer, because the executor merges answers into its own data tree in place.

With a `cache` (router.execution.response_cache), answers a subgraph marks
`Cache-Control: public` are reused for the same request body until they are stale, whoever
asks.

Each subgraph has its own timeout (`subgraph_timeouts`, by subgraph name or graph key; the
others use `timeout`) and its own circuit breaker (router.execution.breaker). A call that
cannot connect, times out, or loses its connection before the answer is complete raises
`SubgraphUnavailable` and is a breaker failure; so is an HTTP 5xx answer whose body is not
GraphQL (a proxy's 502/503/504, a crashed handler), though that one keeps its own error (the
HTTP status). Any other answer, including a 5xx with a GraphQL body (`errors`), proves the
subgraph is up and closes the circuit. While a circuit is open, calls raise
`SubgraphUnavailable` at once, with no network.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

import orjson

from router.composition.context import graph_enum_name
from router.execution.breaker import BreakerSettings, CircuitBreaker, CircuitOpen, Clock
from router.execution.connections import (
    ConnectError,
    ConnectionPool,
    ConnectTimeout,
    Limits,
    ReadTimeout,
    RemoteProtocolError,
    Reply,
    TransportError,
)
from router.execution.inflight import InFlight, headers_key
from router.execution.response_cache import ResponseCache
from router.metrics import RouterMetrics
from telemetry import tracing

logger = logging.getLogger("agora.router")

JSON_HEADERS = {
    "content-type": "application/json",
    "accept": "application/graphql-response+json, application/json",
}

TIMEOUT_SUFFIX = "_TIMEOUT"

# The subgraph is not there for us: no connection, no answer in time, connection lost.
UNAVAILABLE = (ConnectError, ConnectTimeout, ReadTimeout, RemoteProtocolError)


class SubgraphError(Exception):
    """A subgraph could not be reached or did not answer with GraphQL."""


class SubgraphUnavailable(SubgraphError):
    """The subgraph could not be reached, did not answer in time or its circuit is open.

    The message holds the details for the logs; clients are only told it is unavailable."""

    def __init__(self, message: str, *, circuit_open: bool = False) -> None:
        super().__init__(message)
        self.circuit_open = circuit_open


class SubgraphFetcher:
    def __init__(
        self,
        urls: Mapping[str, str],
        *,
        timeout: float = 30.0,
        subgraph_timeouts: Mapping[str, float] | None = None,
        connect_timeout: float = 10.0,
        max_connections: int = 100,
        max_response_bytes: int = 64 * 1024 * 1024,
        deduplicate: bool = False,
        breaker: BreakerSettings | None = None,
        clock: Clock = time.monotonic,
        cache: ResponseCache | None = None,
        metrics: RouterMetrics | None = None,
        names: Mapping[str, str] | None = None,
    ) -> None:
        """`urls` and `subgraph_timeouts` are keyed by the same graph keys as `fetch` takes;
        a timeout may also be keyed by the subgraph's name (`users` for `USERS`). Timeouts
        for names that are not in `urls` are ignored."""
        self.urls = dict(urls)
        self.timeouts = {graph: _timeout_of(graph, timeout, subgraph_timeouts) for graph in urls}
        self.pools = {
            graph: ConnectionPool(
                url,
                Limits(
                    max_connections=max_connections,
                    connect_timeout=min(connect_timeout, self.timeouts[graph]),
                    read_timeout=self.timeouts[graph],
                    max_response_bytes=max_response_bytes,
                ),
                JSON_HEADERS,
            )
            for graph, url in urls.items()
        }
        self.breaker_settings = breaker or BreakerSettings()
        self.breakers = (
            {graph: CircuitBreaker(self.breaker_settings, clock) for graph in urls}
            if self.breaker_settings.enabled
            else {}
        )
        self.deduplicate = deduplicate
        self.in_flight: InFlight[Reply] = InFlight()
        self.cache = cache
        self.metrics = metrics
        self.names = dict(names or {})  # graph key -> subgraph name, for metric labels
        self.requests_sent = 0  # subgraph calls made (shared ones count once)

    async def fetch(
        self,
        graph: str,
        query: str,
        variables: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None = None,
        *,
        mutation: bool = False,
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {"query": query}
        if variables:
            payload["variables"] = variables
        body = orjson.dumps(payload)
        headers = headers or {}
        if mutation:
            reply = await self._send(graph, body, headers, False)
        elif self.cache is None:
            reply = await self._query(graph, body, headers)
        else:
            cached = await self.cache.lookup(graph, body)
            if cached is not None:
                return _graphql_body(200, cached)
            with self.cache.sending(graph, body):
                reply = await self._query(graph, body, headers)
                self.cache.offer(graph, body, *reply)
        return _graphql_body(reply.status, reply.body)

    async def _query(self, graph: str, body: bytes, headers: Mapping[str, str]) -> Reply:
        if not self.deduplicate:
            return await self._send(graph, body, headers, True)
        key = (graph, body, headers_key(headers))
        return await self.in_flight.share(key, lambda: self._send(graph, body, headers, True))

    async def _send(
        self, graph: str, body: bytes, headers: Mapping[str, str], retry_stale: bool
    ) -> Reply:
        if not tracing.traced_here():
            return await self._call(graph, body, headers, retry_stale)
        subgraph = self.names.get(graph, graph)
        with tracing.span(
            f"subgraph {subgraph}", kind=tracing.CLIENT, attributes={"agora.subgraph": subgraph}
        ) as span:
            # The subgraph's span continues this one (W3C traceparent).
            traced = dict(headers)
            tracing.inject(traced)
            reply = await self._call(graph, body, traced, retry_stale)
            if span is not None:
                span.set_attribute("http.response.status_code", reply.status)
            return reply

    async def _call(
        self, graph: str, body: bytes, headers: Mapping[str, str], retry_stale: bool
    ) -> Reply:
        breaker = self.breakers.get(graph)
        trial = False
        if breaker is not None:
            try:
                trial = breaker.before_call()
            except CircuitOpen as error:
                raise SubgraphUnavailable(str(error), circuit_open=True) from error
        self.requests_sent += 1
        started = time.perf_counter()
        try:
            reply = await self.pools[graph].post(body, headers, retry_stale=retry_stale)
        except UNAVAILABLE as error:
            self._count_error(graph, "SUBGRAPH_UNAVAILABLE")
            if breaker is not None:
                self._failed(graph, breaker, trial, str(error))
            raise SubgraphUnavailable(str(error)) from error
        except TransportError as error:  # ours to refuse (size, headers): says nothing of health
            if breaker is not None:
                breaker.abandoned(trial)
            raise SubgraphError(str(error)) from error
        except BaseException:  # cancelled
            if breaker is not None:
                breaker.abandoned(trial)
            raise
        if self.metrics is not None:
            subgraph = self.names.get(graph, graph)
            self.metrics.subgraph_requests.labels(subgraph).observe(time.perf_counter() - started)
            if reply.status >= 500:
                self._count_error(graph, f"HTTP_{reply.status}")
        if breaker is not None:
            if reply.status >= 500 and not _is_graphql(reply.body):
                self._failed(graph, breaker, trial, f"HTTP {reply.status} without a GraphQL body")
            else:
                if breaker.opened_at is not None:
                    logger.warning("circuit of subgraph %s closed: it answers again", graph)
                breaker.succeeded(trial)
        return reply

    def _count_error(self, graph: str, code: str) -> None:
        if self.metrics is not None:
            self.metrics.subgraph_errors.labels(self.names.get(graph, graph), code).inc()

    def _failed(self, graph: str, breaker: CircuitBreaker, trial: bool, reason: str) -> None:
        if breaker.failed(trial):
            logger.warning(
                "circuit of subgraph %s opened (%s): calls fail at once for %g s",
                graph,
                f"trial call failed: {reason}"
                if trial
                else f"{self.breaker_settings.failures} failures in a row, the last: {reason}",
                self.breaker_settings.pause,
            )

    async def aclose(self) -> None:
        for pool in self.pools.values():
            pool.close()


def timeouts_from_env(environ: Mapping[str, str]) -> dict[str, float]:
    """Subgraph name -> seconds from every `AGORA_<NAME>_TIMEOUT` (`AGORA_ROUTER_*` aside), as
    `AGORA_<NAME>_ROUTING_URL` moves a subgraph. Names that are no subgraph of the supergraph
    (`AGORA_CELERY_VISIBILITY_TIMEOUT`) are ignored by `SubgraphFetcher`."""
    timeouts: dict[str, float] = {}
    for name, value in environ.items():
        if not (name.startswith("AGORA_") and name.endswith(TIMEOUT_SUFFIX) and value):
            continue
        if name.startswith("AGORA_ROUTER_"):
            continue
        try:
            seconds = float(value)
        except ValueError:
            seconds = 0.0
        if not 0 < seconds < float("inf"):
            raise ValueError(f"{name} must be a number of seconds over 0, not {value!r}")
        timeouts[name[len("AGORA_") : -len(TIMEOUT_SUFFIX)].lower()] = seconds
    return timeouts


def _timeout_of(graph: str, default: float, timeouts: Mapping[str, float] | None) -> float:
    chosen = default
    for key, seconds in (timeouts or {}).items():
        if key == graph or graph_enum_name(key) == graph:
            chosen = seconds
            if key == graph:
                break  # the graph key itself wins over a name that maps to it
    if not 0 < chosen < float("inf"):
        raise ValueError(f"the timeout of subgraph {graph} must be over 0 s, not {chosen:g}")
    return chosen


def _is_graphql(content: bytes) -> bool:
    try:
        body = orjson.loads(content)
    except orjson.JSONDecodeError:
        return False
    return isinstance(body, dict) and ("data" in body or "errors" in body)


def _graphql_body(status: int, content: bytes) -> dict[str, Any]:
    try:
        body = orjson.loads(content)
    except orjson.JSONDecodeError as error:
        raise SubgraphError(f"HTTP {status}: invalid JSON") from error
    if not isinstance(body, dict) or ("data" not in body and "errors" not in body):
        raise SubgraphError(f"HTTP {status}: not a GraphQL response")
    return body
