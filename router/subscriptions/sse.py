"""GraphQL over Server-Sent Events, "distinct connections" mode (graphql-sse protocol):
one HTTP request per operation, `next` events, then `complete`. Closing the request ends the
stream and the upstream subscription."""

from __future__ import annotations

from collections.abc import AsyncIterator

import orjson
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from router.edge.client_ip import forwarded_client
from router.gateway import Gateway
from router.subscriptions.session import Caller, Refused, stream
from subgraphs.kit.auth import TokenVerifier

EVENT_STREAM = "text/event-stream"


def wants_event_stream(accept: str) -> bool:
    return EVENT_STREAM in accept


def _error(status: int, message: str, code: str | None = None) -> Response:
    error: dict[str, object] = {"message": message}
    if code:
        error["extensions"] = {"code": code}
    return Response(orjson.dumps({"errors": [error]}), status, media_type="application/json")


async def serve_sse(request: Request, gateway: Gateway, verifier: TokenVerifier | None) -> Response:
    if request.method == "GET":
        params = dict(request.query_params)
        variables = orjson.loads(params["variables"]) if params.get("variables") else None
    else:
        try:
            params = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return _error(400, "Request body is not valid JSON.")
        variables = params.get("variables") if isinstance(params, dict) else None
    if not isinstance(params, dict) or not isinstance(params.get("query"), str):
        return _error(400, "Must provide a query string.")
    headers = {k: v for k, v in request.headers.items() if k in ("authorization", "x-request-id")}
    try:
        caller = await Caller.from_headers(headers, verifier, forwarded_client(request))
    except Refused as refused:
        return _error(401, str(refused), "UNAUTHENTICATED")

    async def events() -> AsyncIterator[bytes]:
        responses = stream(gateway, caller, params["query"], params.get("operationName"), variables)
        async for response in responses:
            yield b"event: next\ndata: " + orjson.dumps(response) + b"\n\n"
        yield b"event: complete\ndata:\n\n"

    return StreamingResponse(
        events(),
        media_type=EVENT_STREAM,
        headers={"cache-control": "no-cache", "x-accel-buffering": "no"},
    )
