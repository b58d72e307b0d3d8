"""GraphQL over Server-Sent Events, "distinct connections" mode (graphql-sse protocol):
one HTTP request per operation, `next` events, then `complete`. Closing the request ends the
stream and the upstream subscription. (The single-connection mode: `sse_streams`.)"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from common.auth import TokenVerifier
from router.edge.client_ip import forwarded_client
from router.errors import Code, RequestError, status_for
from router.gateway import Gateway
from router.persisted import PersistedDocuments
from router.subscriptions.session import Caller, Refused, stream

EVENT_STREAM = "text/event-stream"
JSON = "application/json"


def wants_event_stream(accept: str) -> bool:
    return EVENT_STREAM in accept


def _error(status: int, message: str, code: str = Code.BAD_REQUEST) -> Response:
    error: dict[str, object] = {"message": message, "extensions": {"code": code}}
    return Response(orjson.dumps({"errors": [error]}), status, media_type="application/json")


async def serve_sse(
    request: Request,
    gateway: Gateway,
    verifier: TokenVerifier | None,
    persisted: PersistedDocuments | None = None,
) -> Response:
    params: Any
    if request.method == "GET":
        params = dict(request.query_params)
        try:
            for name in ("variables", "extensions"):
                params[name] = orjson.loads(params[name]) if params.get(name) else None
        except orjson.JSONDecodeError:
            return _error(400, "A query parameter is not valid JSON.")
    else:
        try:
            params = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return _error(400, "Request body is not valid JSON.")
    if isinstance(params, dict) and persisted is not None:
        try:  # a document named by hash or id; in trusted mode nothing else
            params = await persisted.resolve(params, gateway.prepare_in_thread)
        except RequestError as refused:
            status = status_for(refused, "application/json")
            return Response(orjson.dumps({"errors": refused.errors}), status, media_type=JSON)
    variables = params.get("variables") if isinstance(params, dict) else None
    if not isinstance(params, dict) or not isinstance(params.get("query"), str):
        message = "Must provide a query string (or, to open a reserved event stream, its token)."
        return _error(400, message)
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
