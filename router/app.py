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
from router.errors import GRAPHQL_RESPONSE, Code, RequestError, error, status_for
from router.execution.breaker import BreakerSettings
from router.execution.fetcher import SubgraphError
from router.execution.incremental import IncrementalResponse
from router.gateway import Gateway
from router.graphiql import GRAPHIQL_STATIC, graphiql_page
from router.limits import OperationLimits
from router.multipart import accepts_multipart, multipart_response
from router.pages import verify_email
from router.persisted import PersistedDocuments
from router.query_plans import HEADER as QUERY_PLAN_HEADER
from router.query_plans import asks_for_plan
from telemetry import tracing

logger = logging.getLogger("agora.router")
JSON = "application/json"
FORWARDED_HEADERS = ("authorization",)
REQUEST_ID = "x-request-id"
# Every method reaches the endpoint, so the ones it refuses get a coded JSON error.
ANY_METHOD = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
NO_SNIFF = {"x-content-type-options": "nosniff"}
# GraphiQL is served from the router's own files: nothing else may load, frame or be framed.
GRAPHIQL_HEADERS = {
    **NO_SNIFF,
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def _json(
    body: Any, status: int = 200, media_type: str = JSON, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        orjson.dumps(body),
        status_code=status,
        media_type=media_type,
        headers={**NO_SNIFF, **(headers or {})},
    )


def _response_type(request: Request) -> str:
    """GraphQL-over-HTTP: prefer application/graphql-response+json when accepted."""
    accept = request.headers.get("accept", "")
    if GRAPHQL_RESPONSE in accept:
        return GRAPHQL_RESPONSE
    return JSON


def _is_json(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == JSON or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _bad_request(message: str, status: int = 400) -> RequestError:
    return RequestError.of(message, Code.BAD_REQUEST, status)


class GraphQLEndpoint:
    def __init__(
        self,
        gateway: Gateway,
        max_body_bytes: int,
        graphiql: bool = True,
        persisted: PersistedDocuments | None = None,
        expose_query_plans: bool = False,
    ) -> None:
        self.gateway = gateway
        self.max_body_bytes = max_body_bytes
        self.graphiql = graphiql
        self.persisted = persisted or PersistedDocuments.in_memory(max_body_bytes)
        self.expose_query_plans = expose_query_plans  # router.query_plans

    async def handle(self, request: Request) -> Response:
        if (
            self.graphiql
            and request.method == "GET"
            and "text/html" in request.headers.get("accept", "")
            and ("query" not in request.query_params)
        ):
            return HTMLResponse(graphiql_page(), headers=GRAPHIQL_HEADERS)
        media_type = _response_type(request)
        request_id = request.headers.get(REQUEST_ID) or uuid.uuid4().hex
        started = time.perf_counter()
        about: dict[str, str | None] = {}
        response = await self._respond(request, media_type, request_id, about)
        metrics = self.gateway.metrics
        outcome = about.get("outcome") or "ok"
        operation = metrics.operation(about.get("operation"))
        metrics.requests.labels(operation, outcome).observe(time.perf_counter() - started)
        if tracing.tracer() is not None:  # off: not even the attributes are built
            tracing.annotate(
                {
                    "graphql.operation.name": about.get("operation"),
                    "graphql.operation.type": about.get("operation_type"),
                    "agora.outcome": outcome,
                    "agora.request_id": request_id,
                }
            )
        return response

    async def _respond(
        self,
        request: Request,
        media_type: str,
        request_id: str,
        about: dict[str, str | None],
    ) -> Response:
        try:
            if request.method not in ("GET", "POST"):
                raise _bad_request(f"{request.method} is not supported; use GET or POST.", 405)
            params = await self._params(request)
            # A document named by hash or id gets its query here (router.persisted).
            params = await self.persisted.resolve(params, self.gateway.prepare_in_thread)
            headers = {REQUEST_ID: request_id}
            headers.update(forwarded_client_headers(request))  # signed client IP (router.edge)
            for name in FORWARDED_HEADERS:
                value = request.headers.get(name)
                if value:
                    headers[name] = value
            result = await self.gateway.execute_incremental(
                params["query"],
                operation_name=params.get("operationName"),
                variables=params.get("variables"),
                headers=headers,
                allow_mutations=request.method == "POST",
                report_cost=request.headers.get("x-agora-cost") == "true",  # router.cost
                report_plan=self.expose_query_plans
                and asks_for_plan(request.headers.get(QUERY_PLAN_HEADER)),
                about=about,
                incremental=accepts_multipart(request),  # @defer in parts (router.multipart)
            )
        except RequestError as rejection:
            about["outcome"] = "rejected"
            for each in rejection.errors:
                code = each.get("extensions", {}).get("code")
                self.gateway.metrics.rejections.labels(code or "UNKNOWN").inc()
            status = status_for(rejection, media_type)
            extra = {"allow": "GET, POST"} if status == 405 else {}
            if status == 405 and request.method == "GET":
                extra = {"allow": "POST"}  # a mutation: only POST can carry it
            return _json(
                {"errors": rejection.errors},
                status,
                media_type,
                headers={REQUEST_ID: request_id, **extra},
            )
        except Exception:
            # A bug of ours must not look like the client's or a subgraph's fault.
            about["outcome"] = "failed"
            logger.exception("router failed on request %s", request_id)
            body = {"errors": [error("Internal server error.", Code.INTERNAL_SERVER_ERROR)]}
            return _json(body, 500, media_type, headers={REQUEST_ID: request_id})
        if isinstance(result, IncrementalResponse):
            if result.initial.get("errors"):
                about["outcome"] = "error"
            return multipart_response(result, {**NO_SNIFF, REQUEST_ID: request_id})
        if result.get("errors"):
            about["outcome"] = "error"
        return _json(result, 200, media_type, headers={REQUEST_ID: request_id})

    async def _params(self, request: Request) -> dict[str, Any]:
        if request.method == "GET":
            params: dict[str, Any] = {
                "query": request.query_params.get("query"),
                "operationName": request.query_params.get("operationName") or None,
                "documentId": request.query_params.get("documentId"),
            }
            for name in ("variables", "extensions"):
                raw = request.query_params.get(name)
                if raw:
                    try:
                        params[name] = orjson.loads(raw)
                    except orjson.JSONDecodeError as invalid:
                        raise _bad_request(f"The {name} parameter is not valid JSON.") from invalid
        else:
            if not _is_json(request.headers.get("content-type", "")):
                message = "POST requests must have Content-Type: application/json."
                raise _bad_request(message, 415)
            params = orjson_loads_object(await self._body(request))
        # A missing query is the persisted-documents resolver's to judge (hash or id only).
        if params.get("query") is not None and not isinstance(params["query"], str):
            raise _bad_request("The request has no query string.")
        for name in ("variables", "extensions"):
            value = params.get(name)
            if value is not None and not isinstance(value, dict):
                raise _bad_request(f"{name} must be an object.")
        operation_name = params.get("operationName")
        if operation_name is not None and not isinstance(operation_name, str):
            raise _bad_request("operationName must be a string.")
        return params

    async def _body(self, request: Request) -> bytes:
        too_large = _bad_request(f"The request body exceeds {self.max_body_bytes} bytes.", 413)
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > self.max_body_bytes:
            raise too_large
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.max_body_bytes:
                raise too_large
        return bytes(body)


def orjson_loads_object(body: bytes) -> dict[str, Any]:
    try:
        params = orjson.loads(body)
    except orjson.JSONDecodeError as invalid:
        raise _bad_request("The request body is not valid JSON.") from invalid
    if not isinstance(params, dict):
        raise _bad_request("The request body must be a JSON object.")
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
    subgraph_timeouts: Mapping[str, float] | None = None,
    breaker: BreakerSettings | None = None,
    ready_timeout: float = 2.0,
    max_body_bytes: int = 1_000_000,
    limits: OperationLimits | None = None,
    introspection: bool = True,
    graphiql: bool = True,
    deduplicate_subgraph_queries: bool = False,
    deduplicate_client_queries: bool = False,
    persisted: PersistedDocuments | None = None,
    max_cost: int | None = None,
    default_list_size: int = 10,
    subgraph_cache_bytes: int = 0,
    metrics: bool = True,
    expose_query_plans: bool = False,
) -> Starlette:
    """Build the router app for one supergraph."""
    gateway = Gateway(
        supergraph_sdl,
        subgraph_urls=subgraph_urls,
        timeout=subgraph_timeout,
        subgraph_timeouts=subgraph_timeouts,
        breaker=breaker,
        limits=limits,
        introspection=introspection,
        deduplicate_subgraph_queries=deduplicate_subgraph_queries,
        deduplicate_client_queries=deduplicate_client_queries,
        max_cost=max_cost,
        default_list_size=default_list_size,
        subgraph_cache_bytes=subgraph_cache_bytes,
        metrics=metrics,
    )
    # Without `persisted`: APQ in this process only (router.persisted).
    persisted = persisted or PersistedDocuments.in_memory(max_body_bytes)
    if persisted.trusted is not None:
        persisted.trusted.check(gateway.prepare)
    endpoint = GraphQLEndpoint(gateway, max_body_bytes, graphiql, persisted, expose_query_plans)

    async def health(_: Request) -> Response:
        return _json({"status": "ok"})

    async def serve_metrics(_: Request) -> Response:
        body, content_type = gateway.metrics.render()
        return Response(body, media_type=content_type)

    async def ready(_: Request) -> Response:
        # Ready means this router can serve: its supergraph is loaded (it is, or the app would
        # not exist). A subgraph that is down is reported, not fatal: failing readiness would
        # take every router replica, and so the whole API, out of service, when most
        # operations still work (the others get SUBGRAPH_UNAVAILABLE and partial data).
        checks = await asyncio.gather(
            *(_probe(gateway, graph, ready_timeout) for graph in gateway.supergraph.subgraphs)
        )
        status = "ok" if all(c["ok"] for c in checks) else "degraded"
        return _json({"status": status, "subgraphs": checks})

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await gateway.aclose()
        await persisted.aclose()

    routes: list[Any] = [
        Route("/graphql", endpoint.handle, methods=[*ANY_METHOD]),
        Route("/health", health, methods=["GET"]),
        Route("/ready", ready, methods=["GET"]),
        Route("/verify-email", verify_email, methods=["GET"]),  # email link (router.pages)
    ]
    if metrics:
        routes.append(Route("/metrics", serve_metrics, methods=["GET"]))  # router.metrics
    if graphiql and GRAPHIQL_STATIC.is_dir():
        routes.append(Mount("/graphiql/static", StaticFiles(directory=GRAPHIQL_STATIC)))
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.gateway = gateway
    app.state.persisted = persisted
    return app
