"""Once `data` is decided null (a non-null root field failed), the router answers at once and
cancels the subgraph requests still outstanding, instead of waiting for them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from router.app import create_app
from router.composition import SubgraphSDL, compose
from tests.federation.test_router_http import bound_socket, serve, url_of

LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\n'
STATUS_SDL = LINK + "type Query { status: String! }"
LATER_SDL = LINK + "type Query { later: String }"
WAIT_SECONDS = 10.0


@dataclass
class Subgraphs:
    router_url: str
    later_asked: asyncio.Event = field(default_factory=asyncio.Event)
    later_gone: asyncio.Event = field(default_factory=asyncio.Event)  # the router hung up
    release: asyncio.Event = field(default_factory=asyncio.Event)


@pytest.fixture
async def subgraphs() -> AsyncIterator[Subgraphs]:
    status_sock, later_sock, router_sock = bound_socket(), bound_socket(), bound_socket()
    state = Subgraphs(url_of(router_sock))

    async def status(_: Request) -> Response:
        await state.later_asked.wait()  # fail only once the other request is in flight
        return JSONResponse(
            {"data": None, "errors": [{"message": "status unavailable", "path": ["status"]}]}
        )

    async def later(request: Request) -> Response:
        await request.body()
        state.later_asked.set()
        # Answers only when released; notices when the router goes away first.
        disconnected = asyncio.ensure_future(request.receive())
        released = asyncio.ensure_future(state.release.wait())
        await asyncio.wait({disconnected, released}, return_when=asyncio.FIRST_COMPLETED)
        if disconnected.done():
            state.later_gone.set()
        released.cancel()
        return JSONResponse({"data": {"later": "finally"}})

    supergraph = compose(
        [
            SubgraphSDL("status", url_of(status_sock, "/graphql"), STATUS_SDL),
            SubgraphSDL("later", url_of(later_sock, "/graphql"), LATER_SDL),
        ]
    )
    servers = [
        serve(Starlette(routes=[Route("/graphql", status, methods=["POST"])]), status_sock),
        serve(Starlette(routes=[Route("/graphql", later, methods=["POST"])]), later_sock),
        serve(create_app(supergraph), router_sock),
    ]
    try:
        yield state
    finally:
        state.release.set()
        for server, task in servers:
            server.should_exit = True
            await asyncio.wait_for(task, WAIT_SECONDS)


async def test_a_null_data_is_answered_without_waiting_for_other_subgraphs(
    subgraphs: Subgraphs,
) -> None:
    async with httpx.AsyncClient(base_url=subgraphs.router_url, timeout=WAIT_SECONDS) as client:
        # `later` never answers unless released: the answer must not wait for it.
        response = await client.post("/graphql", json={"query": "{ status later }"})
    assert subgraphs.later_asked.is_set()
    assert not subgraphs.release.is_set()
    body = response.json()
    assert body["data"] is None
    assert [(e["message"], e.get("path")) for e in body["errors"]] == [
        ("status unavailable", ["status"])
    ]
    # and the request still outstanding was cancelled: its connection was closed
    await asyncio.wait_for(subgraphs.later_gone.wait(), WAIT_SECONDS)
