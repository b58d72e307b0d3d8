"""graphql-transport-ws towards clients (https://github.com/enisdenjo/graphql-ws protocol).

Closing codes follow the protocol: 4400 bad message, 4401 subscribe before ack, 4403 refused
credentials, 4406 wrong subprotocol, 4408 no connection_init in time, 4409 duplicate id,
4429 second connection_init. A client's `complete` or disconnect cancels its stream, which
closes the upstream WebSocket.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import orjson
from starlette.websockets import WebSocket, WebSocketDisconnect

from common.auth import TokenVerifier
from router.edge.client_ip import forwarded_client
from router.errors import RequestError
from router.gateway import Gateway
from router.persisted import PersistedDocuments
from router.subscriptions.session import Caller, Refused, stream

PROTOCOL = "graphql-transport-ws"
INIT_TIMEOUT_SECONDS = 10.0


def _init_headers(websocket: WebSocket, payload: Any) -> dict[str, str]:
    headers = {"x-request-id": websocket.headers.get("x-request-id", "")}
    headers = {k: v for k, v in headers.items() if v}
    authorization = websocket.headers.get("authorization")
    if isinstance(payload, dict):
        value = payload.get("Authorization") or payload.get("authorization")
        if isinstance(value, str):
            authorization = value
        elif isinstance(payload.get("authToken"), str):
            authorization = f"Bearer {payload['authToken']}"
    if authorization:
        headers["authorization"] = authorization
    return headers


class InvalidMessage(Exception):
    """Not a graphql-transport-ws message: the socket closes with 4400."""


class Connection:
    def __init__(
        self,
        websocket: WebSocket,
        gateway: Gateway,
        verifier: TokenVerifier | None,
        persisted: PersistedDocuments | None = None,
    ):
        self.websocket = websocket
        self.gateway = gateway
        self.verifier = verifier
        self.persisted = persisted
        self.caller: Caller | None = None
        self.operations: dict[str, asyncio.Task[None]] = {}

    async def send(self, message: dict[str, Any]) -> None:
        await self.websocket.send_text(orjson.dumps(message).decode())

    async def serve(self) -> None:
        offered = self.websocket.scope.get("subprotocols") or []
        if PROTOCOL not in offered:
            await self.websocket.close(4406, "Subprotocol not acceptable")
            return
        await self.websocket.accept(subprotocol=PROTOCOL)
        try:
            if not await self._initialise():
                return
            while True:
                await self._handle(await self._receive())
        except InvalidMessage as invalid:
            with contextlib.suppress(WebSocketDisconnect, RuntimeError):
                await self.websocket.close(4400, str(invalid))
        except WebSocketDisconnect:
            pass
        finally:
            for task in self.operations.values():
                task.cancel()
            with contextlib.suppress(WebSocketDisconnect, RuntimeError):
                await self.websocket.close()

    async def _receive(self) -> dict[str, Any]:
        """The next message: a JSON object in a text frame (graphql-transport-ws)."""
        frame = await self.websocket.receive()
        if frame["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(frame.get("code", 1000))
        text = frame.get("text")
        if text is None:
            raise InvalidMessage("Binary frames are not supported")
        try:
            message = orjson.loads(text)
        except orjson.JSONDecodeError as error:
            raise InvalidMessage("Invalid JSON message") from error
        if not isinstance(message, dict):
            raise InvalidMessage("A message must be a JSON object")
        return message

    async def _initialise(self) -> bool:
        try:
            message = await asyncio.wait_for(self._receive(), INIT_TIMEOUT_SECONDS)
        except TimeoutError:
            await self.websocket.close(4408, "Connection initialisation timeout")
            return False
        if message.get("type") != "connection_init":
            await self.websocket.close(4401, "Unauthorized")
            return False
        headers = _init_headers(self.websocket, message.get("payload"))
        try:
            client = forwarded_client(self.websocket)
            self.caller = await Caller.from_headers(headers, self.verifier, client)
        except Refused as refused:
            await self.websocket.close(4403, str(refused)[:120])
            return False
        await self.send({"type": "connection_ack"})
        return True

    async def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "ping":
            await self.send({"type": "pong"})
        elif kind == "connection_init":
            await self.websocket.close(4429, "Too many initialisation requests")
            raise WebSocketDisconnect(4429)
        elif kind == "subscribe":
            await self._subscribe(message)
        elif kind == "complete":
            task = self.operations.pop(str(message.get("id")), None)
            if task is not None:
                task.cancel()
        elif kind != "pong":
            await self.websocket.close(4400, f"Invalid message type {kind!r}")
            raise WebSocketDisconnect(4400)

    async def _subscribe(self, message: dict[str, Any]) -> None:
        operation_id = message.get("id")
        payload = message.get("payload")
        if not isinstance(operation_id, str) or not isinstance(payload, dict):
            await self.websocket.close(4400, "Invalid subscribe message")
            raise WebSocketDisconnect(4400)
        if operation_id in self.operations:
            await self.websocket.close(4409, f"Subscriber for {operation_id} already exists")
            raise WebSocketDisconnect(4409)
        self.operations[operation_id] = asyncio.create_task(self._run(operation_id, payload))

    async def _run(self, operation_id: str, payload: dict[str, Any]) -> None:
        assert self.caller is not None
        try:
            if self.persisted is not None:
                try:  # a document named by hash or id; in trusted mode nothing else
                    payload = await self.persisted.resolve(payload, self.gateway.prepare_in_thread)
                except RequestError as refused:
                    error = {"id": operation_id, "type": "error", "payload": refused.errors}
                    await self.send(error)
                    return
            query = payload.get("query")
            if not isinstance(query, str):
                await self.send(
                    {
                        "id": operation_id,
                        "type": "error",
                        "payload": [{"message": "Must provide a query string."}],
                    }
                )
                return
            responses = stream(
                self.gateway,
                self.caller,
                query,
                payload.get("operationName"),
                payload.get("variables"),
            )
            async for response in responses:
                if "data" not in response and "hasNext" not in response:
                    # a failure: the protocol's `error` ends the operation
                    await self.send(
                        {"id": operation_id, "type": "error", "payload": response["errors"]}
                    )
                    return
                await self.send({"id": operation_id, "type": "next", "payload": response})
            await self.send({"id": operation_id, "type": "complete"})
        except (WebSocketDisconnect, RuntimeError):
            pass  # the client went away
        finally:
            self.operations.pop(operation_id, None)
