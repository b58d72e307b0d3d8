"""Routes subscription traffic on `/graphql` (WebSocket upgrades, `text/event-stream`
requests and the requests of SSE's single-connection mode) to the subscription transports;
everything else goes to the router app."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from common.auth import TokenVerifier
from router.persisted import PersistedDocuments
from router.subscriptions.sse import serve_sse, wants_event_stream
from router.subscriptions.sse_streams import EventStreams
from router.subscriptions.websocket import Connection

GRAPHQL_PATH = "/graphql"


def with_subscriptions(app: Starlette, verifier: TokenVerifier | None = None) -> ASGIApp:
    gateway = app.state.gateway
    persisted: PersistedDocuments | None = getattr(app.state, "persisted", None)
    streams = EventStreams(gateway, verifier, persisted)  # single-connection SSE

    async def asgi(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] == GRAPHQL_PATH:
            websocket = WebSocket(scope, receive, send)
            await Connection(websocket, gateway, verifier, persisted).serve()
            return
        if scope["type"] == "http" and scope["path"] == GRAPHQL_PATH:
            request = Request(scope, receive)
            if streams.handles(request):
                response = await streams.serve(request)
                await response(scope, receive, send)
                return
            if wants_event_stream(request.headers.get("accept", "")):
                response = await serve_sse(request, gateway, verifier, persisted)
                await response(scope, receive, send)
                return
        await app(scope, receive, send)

    return asgi
