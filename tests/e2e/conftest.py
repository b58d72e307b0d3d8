"""The whole platform on loopback: every subgraph in this checkout, composed in process, behind
the router with its edge (JWT check) on. E2E tests talk only to the router."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import httpx
import pytest

from agora.compose import subgraph_sdl
from agora.subgraphs import available_subgraphs
from common.auth import TokenVerifier
from router.app import create_app as create_router
from router.composition import SubgraphSDL, compose
from router.edge import EdgeSettings, with_edge
from router.subscriptions import with_subscriptions
from subgraphs.kit.database import Database
from subgraphs.kit.settings import get_settings
from tests.support.graphql import GraphQLClient
from tests.support.servers import serve


@dataclass
class Stack:
    router_url: str
    subgraph_urls: dict[str, str]
    databases: dict[str, Database]
    supergraph: str


def _serve_subgraph(name: str, db: Database, verifier: TokenVerifier, exits: ExitStack) -> str:
    factory = importlib.import_module(f"subgraphs.{name}.app").create_app
    if "verifier" in inspect.signature(factory).parameters:
        return exits.enter_context(serve(factory(db=db, verifier=verifier)))
    return exits.enter_context(serve(factory(db=db)))


@pytest.fixture(scope="session")
def stack(users_url: str, users_db: Database, users_verifier: TokenVerifier) -> Iterator[Stack]:
    urls = {"users": users_url}
    databases = {"users": users_db}
    with ExitStack() as exits:
        for name in available_subgraphs():
            if name not in urls:
                databases[name] = Database(name)
                urls[name] = _serve_subgraph(name, databases[name], users_verifier, exits)
        sources = []
        for name, url in urls.items():
            sdl = subgraph_sdl(name)
            assert sdl is not None, name
            sources.append(SubgraphSDL(name, f"{url}/graphql", sdl))
        supergraph = compose(sources)
        settings = get_settings()
        edge = EdgeSettings(
            jwks_url=f"{users_url}/.well-known/jwks.json",
            # The router reads revocations where the subgraphs do.
            redis_url=settings.redis_url,
            redis_prefix=settings.redis_prefix,
        )
        # Subgraph answers marked public are shared, as `agora router` does by default.
        router = with_subscriptions(
            create_router(supergraph, subgraph_cache_bytes=16 << 20), users_verifier
        )
        router_url = exits.enter_context(serve(with_edge(router, edge)))
        yield Stack(router_url, urls, databases, supergraph)


@pytest.fixture
async def api(stack: Stack) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client of the router."""
    async with httpx.AsyncClient(base_url=stack.router_url, timeout=60) as http:
        yield GraphQLClient(http)
