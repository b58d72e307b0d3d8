"""The router's ASGI app: GraphQL over HTTP, GraphiQL, /health and /ready."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from router.edge.client_ip import forwarded_client_headers
from router.execution.fetcher import SubgraphError
from router.gateway import Gateway, RequestError
from router.graphiql import GRAPHIQL_STATIC, graphiql_page
from router.limits import DEFAULT_MAX_DEPTH

logger = logging.getLogger("agora.router")
INTERNAL = {"extensions": {"code": "INTERNAL_SERVER_ERROR"}}
GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
FORWARDED_HEADERS = ("authorization",)
REQUEST_ID = "x-request-id"


def _json(
    body: Any, status: int = 200, media_type: str = JSON, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=media_type, headers=headers)


def _response_type(request: Request) -> str:
    """GraphQL-over-HTTP: prefer application/graphql-response+json when accepted."""
    accept = request.headers.get("accept", "")
    if not accept or ("*/*" in accept and GRAPHQL_RESPONSE not in accept):
        return JSON
    if GRAPHQL_RESPONSE in accept:
        return GRAPHQL_RESPONSE
    if JSON in accept:
        return JSON
    return JSON


class GraphQLEndpoint:
    def __init__(self, gateway: Gateway, max_body_bytes: int) -> None:
        self.gateway = gateway
        self.max_body_bytes = max_body_bytes

    async def handle(self, request: Request) -> Response:
        if (
            request.method == "GET"
            and "text/html" in request.headers.get("accept", "")
            and ("query" not in request.query_params)
        ):
            return HTMLResponse(graphiql_page(str(request.url.path)))
        media_type = _response_type(request)
        request_id = request.headers.get(REQUEST_ID) or uuid.uuid4().hex
        try:
            params = await self._params(request)
            headers = {REQUEST_ID: request_id}
            headers.update(forwarded_client_headers(request))  # signed client IP (router.edge)
            for name in FORWARDED_HEADERS:
                value = request.headers.get(name)
                if value:
                    headers[name] = value
            result = await self.gateway.execute(
                params["query"],
                operation_name=params.get("operationName"),
                variables=params.get("variables"),
                headers=headers,
                allow_mutations=request.method == "POST",
            )
        except RequestError as error:
            status = error.status
            if status == 400 and media_type == JSON:
                status = 200 if error.errors and "extensions" in error.errors[0] else 400
            extra = {"allow": "POST"} if status == 405 else None
            return _json(
                {"errors": error.errors},
                status,
                media_type,
                headers={REQUEST_ID: request_id, **(extra or {})},
            )
        except Exception:
            # A bug of ours must not look like the client's or a subgraph's fault.
            logger.exception("router failed on request %s", request_id)
            body = {"errors": [{"message": "Internal server error.", **INTERNAL}]}
            return _json(body, 500, media_type, headers={REQUEST_ID: request_id})
        return _json(result, 200, media_type, headers={REQUEST_ID: request_id})

    async def _params(self, request: Request) -> dict[str, Any]:
        if request.method == "GET":
            query = request.query_params.get("query")
            params: dict[str, Any] = {
                "query": query,
                "operationName": request.query_params.get("operationName") or None,
            }
            raw_variables = request.query_params.get("variables")
            if raw_variables:
                try:
                    params["variables"] = orjson.loads(raw_variables)
                except orjson.JSONDecodeError as error:
                    raise RequestError([{"message": "Variables are invalid JSON."}]) from error
        else:
            length = request.headers.get("content-length")
            if length and length.isdigit() and int(length) > self.max_body_bytes:
                raise RequestError([{"message": "Request body is too large."}], status=413)
            body = bytearray()
            async for chunk in request.stream():
                body += chunk
                if len(body) > self.max_body_bytes:
                    raise RequestError([{"message": "Request body is too large."}], status=413)
            content_type = request.headers.get("content-type", "")
            if "application/graphql" in content_type and "json" not in content_type:
                params = {"query": body.decode()}
            else:
                try:
                    params = orjson.loads(body)
                except orjson.JSONDecodeError as error:
                    raise RequestError([{"message": "Request body is not valid JSON."}]) from error
        if not isinstance(params, dict) or not isinstance(params.get("query"), str):
            raise RequestError([{"message": "Must provide a query string."}])
        variables = params.get("variables")
        if variables is not None and not isinstance(variables, dict):
            raise RequestError([{"message": "Variables must be an object."}])
        name = params.get("operationName")
        if name is not None and not isinstance(name, str):
            raise RequestError([{"message": "operationName must be a string."}])
        return params


async def _probe(gateway: Gateway, graph: str, limit_seconds: float) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        body = await asyncio.wait_for(
            gateway.fetcher.fetch(graph, "{ __typename }", None), limit_seconds
        )
        ok = isinstance(body.get("data"), dict) and not body.get("errors")
        error = None if ok else "unexpected response"
    except (SubgraphError, TimeoutError) as exc:
        ok, error = False, str(exc) or type(exc).__name__
    result: dict[str, Any] = {
        "name": gateway.supergraph.subgraphs[graph].name,
        "ok": ok,
        "ms": round((time.perf_counter() - started) * 1000, 2),
    }
    if error:
        result["error"] = error
    return result


def create_app(
    supergraph_sdl: str,
    *,
    subgraph_urls: dict[str, str] | None = None,
    subgraph_timeout: float = 30.0,
    ready_timeout: float = 2.0,
    max_body_bytes: int = 1_000_000,
    max_depth: int = DEFAULT_MAX_DEPTH,
    deduplicate_subgraph_queries: bool = False,
    deduplicate_client_queries: bool = False,
) -> Starlette:
    """Build the router app for one supergraph."""
    gateway = Gateway(
        supergraph_sdl,
        subgraph_urls=subgraph_urls,
        timeout=subgraph_timeout,
        max_depth=max_depth,
        deduplicate_subgraph_queries=deduplicate_subgraph_queries,
        deduplicate_client_queries=deduplicate_client_queries,
    )
    endpoint = GraphQLEndpoint(gateway, max_body_bytes)

    async def health(_: Request) -> Response:
        return _json({"status": "ok"})

    async def ready(_: Request) -> Response:
        checks = await asyncio.gather(
            *(_probe(gateway, graph, ready_timeout) for graph in gateway.supergraph.subgraphs)
        )
        ok = all(c["ok"] for c in checks)
        return _json(
            {"status": "ok" if ok else "unavailable", "subgraphs": checks}, 200 if ok else 503
        )

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await gateway.aclose()

    routes: list[Any] = [
        Route("/graphql", endpoint.handle, methods=["GET", "POST"]),
        Route("/health", health, methods=["GET"]),
        Route("/ready", ready, methods=["GET"]),
    ]
    if GRAPHIQL_STATIC.is_dir():
        routes.append(Mount("/graphiql/static", StaticFiles(directory=GRAPHIQL_STATIC)))
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.gateway = gateway
    return app
