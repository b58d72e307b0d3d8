"""Structured JSON logs; every line carries the request id of the request that wrote it."""

from __future__ import annotations

import contextvars
import logging
import sys
import time
import uuid
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from telemetry import tracing

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
REQUEST_ID_HEADER = "x-request-id"
# Attributes every record has, and uvicorn's `color_message` (the message again, with terminal
# colour escapes): none of them is a field of its own.
_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "color_message"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": round(record.created, 3),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        trace = tracing.current_ids()
        if trace is not None:
            entry["trace_id"], entry["span_id"] = trace
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRS})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def configure_logging(level: str | int = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Python warnings (a library's deprecation, Celery's "running as root") as JSON lines too.
    logging.captureWarnings(True)


def _valid_request_id(value: str) -> bool:
    return 0 < len(value) <= 128 and value.isascii() and value.isprintable()


class RequestIdMiddleware:
    """Takes `x-request-id` from the caller (the router) or makes one; echoes it; logs access."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.access_log = logging.getLogger("agora.access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        header = REQUEST_ID_HEADER.encode()
        incoming = dict(scope["headers"]).get(header, b"").decode("latin-1")
        request_id = incoming if _valid_request_id(incoming) else uuid.uuid4().hex
        if request_id != incoming:
            # The app (and whatever it calls, e.g. subgraphs) sees the id we chose.
            scope = dict(scope)
            others = [(k, v) for k, v in scope["headers"] if k != header]
            scope["headers"] = [*others, (header, request_id.encode())]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != header]
                headers.append((header, request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if scope["type"] == "http" and scope["path"] not in ("/health", "/ready"):
                self.access_log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                )
            request_id_var.reset(token)
