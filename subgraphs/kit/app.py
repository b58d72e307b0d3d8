"""The FastAPI app of a subgraph: `/graphql`, `/health`, `/ready`, request ids, JSON logs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any, Protocol

import strawberry
from fastapi import FastAPI
from starlette.routing import BaseRoute
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.types.unset import UNSET, UnsetType

from common.auth import InvalidToken, TokenVerifier, bearer_token, http_jwks_fetcher
from common.client_ip import router_signer
from common.redis import close_redis
from subgraphs.kit.body_limit import BodyLimitMiddleware
from subgraphs.kit.context import RequestContext, context_getter
from subgraphs.kit.database import Database
from subgraphs.kit.health import health_routes
from subgraphs.kit.identity import subgraph_account_states
from subgraphs.kit.metrics import MetricsMiddleware, SubgraphMetrics
from subgraphs.kit.settings import get_settings
from telemetry.asgi import TracingMiddleware
from telemetry.logs import RequestIdMiddleware, configure_logging
from telemetry.tracing import configure_tracing, tracer


def default_verifier() -> TokenVerifier:
    settings = get_settings()
    return TokenVerifier(
        http_jwks_fetcher(settings.jwks_url),
        settings.jwt_issuer,
        account_states=subgraph_account_states(),
    )


class SubgraphGraphQLRouter(GraphQLRouter[Any, Any]):
    """Also signs WebSocket clients in from `connection_init`: `{"Authorization": "Bearer ..."}`.

    A missing token leaves the connection anonymous (operations needing a user fail with
    UNAUTHENTICATED); a bad one is refused with close code 4403.
    """

    def __init__(self, *args: Any, verifier: TokenVerifier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._verifier = verifier

    async def on_ws_connect(self, context: Any) -> UnsetType | dict[str, object] | None:
        params = getattr(context, "connection_params", None)
        token = bearer_token(params) if isinstance(params, dict) else None
        if token is None or not isinstance(context, RequestContext):
            return UNSET
        try:
            context.identity = await self._verifier.verify(token)
        except InvalidToken as error:
            raise ConnectionRejectionError({"message": str(error)}) from error
        context.auth_error = None
        return UNSET


class AppFactory(Protocol):
    def __call__(
        self, db: Database | None = None, verifier: TokenVerifier | None = None
    ) -> FastAPI: ...


def app_factory(
    name: str, schema: strawberry.federation.Schema, make_loaders: Callable[[Database], Any]
) -> AppFactory:
    """`create_app(db=None, verifier=None)` for a subgraph that needs nothing of its own:
    uvicorn calls it with no arguments (its own database, JWKS over HTTP), tests with theirs."""

    def create_app(db: Database | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
        return create_subgraph_app(
            name=name,
            schema=schema,
            db=db or Database(name),
            make_loaders=make_loaders,
            verifier=verifier,
        )

    return create_app


def create_subgraph_app(
    *,
    name: str,
    schema: strawberry.federation.Schema,
    db: Database,
    make_loaders: Callable[[Database], Any],
    verifier: TokenVerifier | None = None,
    routes: Sequence[BaseRoute] = (),
    on_shutdown: Callable[[], Awaitable[None]] | None = None,
) -> FastAPI:
    settings = get_settings()
    configure_logging(settings.log_level)
    configure_tracing(f"agora-{name}")  # when OTEL_* asks for it (telemetry.tracing)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if on_shutdown is not None:
            await on_shutdown()
        await db.dispose()
        await close_redis()

    app = FastAPI(
        title=f"agora-{name}",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        # Spans come from telemetry.asgi, as in the router: one server span per request, not
        # FastAPI's own second one with a span per dependency.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    token_verifier = verifier or default_verifier()
    graphql = SubgraphGraphQLRouter(
        schema,
        verifier=token_verifier,
        graphql_ide=None,  # the router serves GraphiQL
        # Client IPs the router signs with AGORA_ROUTER_SECRET (e.g. for login throttling).
        context_getter=context_getter(db, token_verifier, make_loaders, router_signer()),
    )
    app.include_router(graphql, prefix="/graphql")
    metrics = SubgraphMetrics(name, db)
    for route in [*health_routes(name, db), metrics.route(), *routes]:
        app.router.routes.append(route)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.subgraph_max_body_bytes)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(RequestIdMiddleware)
    if tracer() is not None:
        # Outermost: the access log line and every span below carry this trace.
        app.add_middleware(TracingMiddleware)
    return app
