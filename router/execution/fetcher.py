"""HTTP to subgraphs: one pooled keep-alive client, GraphQL-over-HTTP POSTs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
import orjson

JSON_HEADERS = {
    "content-type": "application/json",
    "accept": "application/graphql-response+json, application/json",
}


class SubgraphError(Exception):
    """A subgraph could not be reached or did not answer with GraphQL."""


class SubgraphFetcher:
    def __init__(
        self,
        urls: Mapping[str, str],
        *,
        timeout: float = 30.0,
        max_connections: int = 100,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.urls = dict(urls)
        # One pool per subgraph: httpcore scans a pool's connections on every request,
        # so small per-host pools stay fast under concurrency.
        self.clients = {
            graph: client
            or httpx.AsyncClient(
                timeout=httpx.Timeout(timeout),
                limits=httpx.Limits(
                    max_connections=max_connections, max_keepalive_connections=max_connections
                ),
            )
            for graph in self.urls
        }

    async def fetch(
        self,
        graph: str,
        query: str,
        variables: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {"query": query}
        if variables:
            payload["variables"] = variables
        request_headers = dict(JSON_HEADERS)
        if headers:
            request_headers.update(headers)
        try:
            response = await self.clients[graph].post(
                self.urls[graph], content=orjson.dumps(payload), headers=request_headers
            )
        except httpx.HTTPError as error:
            raise SubgraphError(f"{type(error).__name__}: {error}") from error
        try:
            body = orjson.loads(response.content)
        except orjson.JSONDecodeError as error:
            raise SubgraphError(f"HTTP {response.status_code}: invalid JSON") from error
        if not isinstance(body, dict) or ("data" not in body and "errors" not in body):
            raise SubgraphError(f"HTTP {response.status_code}: not a GraphQL response")
        return body

    async def aclose(self) -> None:
        for client in {id(c): c for c in self.clients.values()}.values():
            await client.aclose()
