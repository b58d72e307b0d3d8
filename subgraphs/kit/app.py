"""The FastAPI app of a subgraph: `/graphql`, `/health`, `/ready`, request ids, JSON logs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import strawberry
from fastapi import FastAPI
from starlette.routing import BaseRoute
from strawberry.fastapi import GraphQLRouter

from subgraphs.kit.auth import TokenVerifier, http_jwks_fetcher
from subgraphs.kit.context import context_getter
from subgraphs.kit.database import Database
from subgraphs.kit.health import health_routes
from subgraphs.kit.logs import RequestIdMiddleware, configure_logging
from subgraphs.kit.redis import close_redis
from subgraphs.kit.settings import get_settings


def default_verifier() -> TokenVerifier:
    settings = get_settings()
    return TokenVerifier(http_jwks_fetcher(settings.jwks_url), settings.jwt_issuer)


def create_subgraph_app(
    *,
    name: str,
    schema: strawberry.federation.Schema,
    db: Database,
    make_loaders: Callable[[Database], Any],
    verifier: TokenVerifier | None = None,
    routes: Sequence[BaseRoute] = (),
) -> FastAPI:
    settings = get_settings()
    configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await db.dispose()
        await close_redis()

    app = FastAPI(title=f"agora-{name}", lifespan=lifespan, docs_url=None, redoc_url=None)
    graphql = GraphQLRouter(
        schema,
        graphql_ide=None,  # the router serves GraphiQL
        context_getter=context_getter(db, verifier or default_verifier(), make_loaders),
    )
    app.include_router(graphql, prefix="/graphql")
    for route in [*health_routes(name, db), *routes]:
        app.router.routes.append(route)
    app.add_middleware(RequestIdMiddleware)
    return app
