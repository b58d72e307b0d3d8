"""GraphQL over HTTP to subgraphs: one keep-alive pool per subgraph, JSON POSTs.

With `deduplicate`, identical requests in flight at the same time (same subgraph, operation,
variables and forwarded headers) share one subgraph call, as Apollo Router's
`deduplicate_query` does (the request id is not part of the match: the first caller's is
sent). Mutations never share. Each caller parses its own copy of the
answer, because the executor merges answers into its own data tree in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from router.execution.connections import ConnectionPool, Limits, TransportError
from router.execution.inflight import InFlight, headers_key

JSON_HEADERS = {
    "content-type": "application/json",
    "accept": "application/graphql-response+json, application/json",
}

Answer = tuple[int, bytes]


class SubgraphError(Exception):
    """A subgraph could not be reached or did not answer with GraphQL."""


class SubgraphFetcher:
    def __init__(
        self,
        urls: Mapping[str, str],
        *,
        timeout: float = 30.0,
        connect_timeout: float = 10.0,
        max_connections: int = 100,
        max_response_bytes: int = 64 * 1024 * 1024,
        deduplicate: bool = False,
    ) -> None:
        self.urls = dict(urls)
        limits = Limits(
            max_connections=max_connections,
            connect_timeout=min(connect_timeout, timeout),
            read_timeout=timeout,
            max_response_bytes=max_response_bytes,
        )
        self.pools = {
            graph: ConnectionPool(url, limits, JSON_HEADERS) for graph, url in urls.items()
        }
        self.deduplicate = deduplicate
        self.in_flight: InFlight[Answer] = InFlight()
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
        if self.deduplicate and not mutation:
            key = (graph, body, headers_key(headers))
            status, content = await self.in_flight.share(
                key, lambda: self._send(graph, body, headers, True)
            )
        else:
            status, content = await self._send(graph, body, headers, not mutation)
        return _graphql_body(status, content)

    async def _send(
        self, graph: str, body: bytes, headers: Mapping[str, str], retry_stale: bool
    ) -> Answer:
        self.requests_sent += 1
        try:
            return await self.pools[graph].post(body, headers, retry_stale=retry_stale)
        except TransportError as error:
            raise SubgraphError(str(error)) from error

    async def aclose(self) -> None:
        for pool in self.pools.values():
            pool.close()


def _graphql_body(status: int, content: bytes) -> dict[str, Any]:
    try:
        body = orjson.loads(content)
    except orjson.JSONDecodeError as error:
        raise SubgraphError(f"HTTP {status}: invalid JSON") from error
    if not isinstance(body, dict) or ("data" not in body and "errors" not in body):
        raise SubgraphError(f"HTTP {status}: not a GraphQL response")
    return body
