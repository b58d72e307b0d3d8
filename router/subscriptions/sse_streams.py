"""GraphQL over SSE, "single connection" mode (graphql-sse protocol): one event stream carries
the results of every operation of a client.

- `PUT /graphql` reserves a stream: 201 with its token (text/plain).
- `GET /graphql` with the token (header `x-graphql-event-stream-token`, or `?token=` for
  EventSource, which cannot send headers) and `Accept: text/event-stream` opens it.
- `POST /graphql` with the token and `extensions.operationId` runs an operation: 202, and its
  results stream as `next` events `{"id", "payload"}`, then `complete` `{"id"}`. A request the
  router refuses before running it (parse, validation, variables) gets its errors at once.
- `DELETE /graphql?operationId=...` with the token stops an operation.

Closing the stream stops every operation on it and ends the reservation; a reservation whose
stream never opens ends after `RESERVATION_SECONDS`. Reservations live in the router process
that made them: behind several processes or replicas a client must reach the same one each
time, or use the distinct-connections mode (`router.subscriptions.sse`).
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import jwt
import orjson
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from common.auth import TokenVerifier, bearer_token
from router.edge.client_ip import forwarded_client
from router.errors import GRAPHQL_RESPONSE, Code, RequestError, error, status_for
from router.gateway import Gateway
from router.persisted import PersistedDocuments
from router.subscriptions.session import Caller, Refused, stream

TOKEN_HEADER = "x-graphql-event-stream-token"
EVENT_STREAM = "text/event-stream"
RESERVATION_SECONDS = 30.0
PING_SECONDS = 12.0  # a comment line keeps proxies from closing an idle stream
PING = b":\n\n"
# Messages waiting for a slow (or not yet connected) client: past this, operations wait.
QUEUED_MESSAGES = 1000


def _refusal(status: int, message: str, code: Code, allow: str | None = None) -> Response:
    headers = {"allow": allow} if allow else None
    body = orjson.dumps({"errors": [error(message, code)]})
    return Response(body, status, headers=headers, media_type="application/json")


def _event(kind: str, data: dict[str, Any]) -> bytes:
    return b"event: " + kind.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"


def _subject(request: Request) -> str | None:
    """Whose the request is (the bearer token's `sub`, unverified: only compared here; the
    token itself is verified by the edge and for each operation)."""
    token = bearer_token(request.headers)
    if token is None:
        return None
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return "?"
    return str(claims.get("sub"))


@dataclass(eq=False)
class EventStream:
    token: str
    subject: str | None  # who reserved it: only they may use it
    messages: asyncio.Queue[bytes] = field(default_factory=lambda: asyncio.Queue(QUEUED_MESSAGES))
    operations: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    open: bool = False
    expiry: asyncio.TimerHandle | None = None


class EventStreams:
    """The reservations of this process and the requests of the single-connection mode."""

    def __init__(
        self,
        gateway: Gateway,
        verifier: TokenVerifier | None,
        persisted: PersistedDocuments | None = None,
    ) -> None:
        self.gateway = gateway
        self.verifier = verifier
        self.persisted = persisted
        self.streams: dict[str, EventStream] = {}

    def handles(self, request: Request) -> bool:
        """Is this a request of the single-connection mode? Anything else on /graphql (GraphQL
        over HTTP, distinct-connection SSE) is left as it is."""
        method = request.method
        if request.headers.get(TOKEN_HEADER):
            return True
        if method == "PUT":
            return _accepts_token(request)
        if method == "GET":
            accept = request.headers.get("accept", "")
            return EVENT_STREAM in accept and "token" in request.query_params
        if method == "DELETE":
            return "operationId" in request.query_params or "token" in request.query_params
        # a POST naming its stream in the URL (the protocol allows it; graphql-sse uses the header)
        return bool(request.scope.get("query_string")) and "token" in request.query_params

    async def serve(self, request: Request) -> Response:
        method = request.method
        if method == "PUT":
            return self._reserve(request)
        token = request.headers.get(TOKEN_HEADER) or request.query_params.get("token")
        if not token:
            message = f"The event stream's token is missing (header {TOKEN_HEADER})."
            return _refusal(400, message, Code.STREAM_TOKEN_MISSING)
        reserved = self.streams.get(token)
        subject = _subject(request)
        if reserved is None or (reserved.subject != subject and not _anonymous_get(request)):
            message = "No event stream is reserved under this token."
            return _refusal(404, message, Code.STREAM_NOT_FOUND)
        if method == "GET" and EVENT_STREAM in request.headers.get("accept", ""):
            return self._open(reserved)
        if method == "POST":
            return await self._execute(reserved, request)
        if method == "DELETE":
            return self._stop(reserved, request)
        message = "Operations of an event stream are POSTed; GET opens the stream."
        return _refusal(405, message, Code.BAD_REQUEST, allow="GET, POST, PUT, DELETE")

    # -- the stream ---------------------------------------------------------------------
    def _reserve(self, request: Request) -> Response:
        if not _accepts_token(request):
            message = "A reservation answers its token as text/plain."
            return _refusal(406, message, Code.BAD_REQUEST)
        token = secrets.token_urlsafe(24)
        reserved = EventStream(token, _subject(request))
        loop = asyncio.get_running_loop()
        reserved.expiry = loop.call_later(RESERVATION_SECONDS, self._close, reserved)
        self.streams[token] = reserved
        return PlainTextResponse(token, 201)

    def _open(self, reserved: EventStream) -> Response:
        if reserved.open:
            message = "The event stream of this token is already open."
            return _refusal(409, message, Code.STREAM_ALREADY_OPEN)
        reserved.open = True
        if reserved.expiry is not None:
            reserved.expiry.cancel()

        async def events() -> AsyncIterator[bytes]:
            try:
                yield PING  # the headers and a first line go out at once
                while True:
                    try:
                        yield await asyncio.wait_for(reserved.messages.get(), PING_SECONDS)
                    except TimeoutError:
                        yield PING
            finally:  # the client went away (or the server stops)
                self._close(reserved)

        return StreamingResponse(
            events(),
            media_type=EVENT_STREAM,
            headers={"cache-control": "no-cache", "x-accel-buffering": "no"},
        )

    def _close(self, reserved: EventStream) -> None:
        if self.streams.get(reserved.token) is reserved:
            del self.streams[reserved.token]
        for task in reserved.operations.values():
            task.cancel()
        reserved.operations.clear()

    # -- operations ---------------------------------------------------------------------
    async def _execute(self, reserved: EventStream, request: Request) -> Response:
        try:
            params = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return _refusal(400, "The request body is not valid JSON.", Code.BAD_REQUEST)
        if not isinstance(params, dict):
            return _refusal(400, "The request body must be a JSON object.", Code.BAD_REQUEST)
        extensions = params.get("extensions")
        operation_id = extensions.get("operationId") if isinstance(extensions, dict) else None
        if not isinstance(operation_id, str) or not operation_id:
            message = "An operation on an event stream needs extensions.operationId."
            return _refusal(400, message, Code.BAD_REQUEST)
        if operation_id in reserved.operations:
            message = f'Operation "{operation_id}" is already running on this stream.'
            return _refusal(409, message, Code.BAD_REQUEST)
        headers = {
            k: v for k, v in request.headers.items() if k in ("authorization", "x-request-id")
        }
        try:
            params = await self._checked(params)
            caller = await Caller.from_headers(headers, self.verifier, forwarded_client(request))
        except RequestError as refused:
            status = status_for(refused, GRAPHQL_RESPONSE)
            body = orjson.dumps({"errors": refused.errors})
            return Response(body, status, media_type=GRAPHQL_RESPONSE)
        except Refused as refused:
            return _refusal(401, str(refused), Code.UNAUTHENTICATED)
        if self.streams.get(reserved.token) is not reserved:  # closed meanwhile
            return Response(status_code=204)
        task = asyncio.create_task(self._run(reserved, operation_id, caller, params))
        reserved.operations[operation_id] = task
        return Response(status_code=202)

    async def _checked(self, params: dict[str, Any]) -> dict[str, Any]:
        """What can be refused before running is refused now, as an HTTP response."""
        if self.persisted is not None:  # a document named by hash or id
            params = await self.persisted.resolve(params, self.gateway.prepare_in_thread)
        query = params.get("query")
        if not isinstance(query, str):
            raise RequestError.of("Must provide a query string.", Code.BAD_REQUEST, 400)
        variables = params.get("variables")
        if variables is not None and not isinstance(variables, dict):
            raise RequestError.of("variables must be an object.", Code.BAD_REQUEST, 400)
        operation_name = params.get("operationName")
        if operation_name is not None and not isinstance(operation_name, str):
            raise RequestError.of("operationName must be a string.", Code.BAD_REQUEST, 400)
        gateway = self.gateway
        operation = gateway.operation(await gateway.prepare_in_thread(query), operation_name)
        gateway.coerce_variables(operation, variables)
        return params

    async def _run(
        self, reserved: EventStream, operation_id: str, caller: Caller, params: dict[str, Any]
    ) -> None:
        try:
            responses = stream(
                self.gateway,
                caller,
                params["query"],
                params.get("operationName"),
                params.get("variables"),
            )
            async for response in responses:
                await reserved.messages.put(
                    _event("next", {"id": operation_id, "payload": response})
                )
            await reserved.messages.put(_event("complete", {"id": operation_id}))
        finally:
            if reserved.operations.get(operation_id) is asyncio.current_task():
                del reserved.operations[operation_id]

    def _stop(self, reserved: EventStream, request: Request) -> Response:
        operation_id = request.query_params.get("operationId")
        if not operation_id:
            message = "Which operation to stop: the operationId parameter is missing."
            return _refusal(400, message, Code.BAD_REQUEST)
        task = reserved.operations.pop(operation_id, None)
        if task is not None:
            task.cancel()
        return Response(status_code=200)


def _accepts_token(request: Request) -> bool:
    accept = request.headers.get("accept", "*/*")
    return not accept or "*/*" in accept or "text/plain" in accept


def _anonymous_get(request: Request) -> bool:
    """EventSource cannot send headers: a GET with `?token=` and no Authorization opens the
    stream on the token alone."""
    return request.method == "GET" and bearer_token(request.headers) is None
