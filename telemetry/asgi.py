"""A server span per HTTP request, continuing the caller's W3C trace context.

`with_tracing(app)` returns the app itself when tracing is off: nothing is added to a request.
Probes and scrapes (`/health`, `/ready`, `/metrics`) get no span, and neither do WebSocket
connections (a subscription lives for hours; its events are traced where they are made)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from telemetry import tracing

UNTRACED_PATHS = frozenset({"/health", "/ready", "/metrics"})


def with_tracing(app: ASGIApp) -> ASGIApp:
    return TracingMiddleware(app) if tracing.tracer() is not None else app


class TracingMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNTRACED_PATHS:
            await self.app(scope, receive, send)
            return
        headers = {
            key.decode("latin-1"): value.decode("latin-1")
            for key, value in scope["headers"]
            if key in (b"traceparent", b"tracestate")
        }
        if not headers and not tracing.traced_here():
            await self.app(scope, receive, send)  # no trace to continue, and none to start
            return
        from opentelemetry.trace import Status, StatusCode

        method, path = scope["method"], scope["path"]
        attributes = {"http.request.method": method, "url.path": path}
        with tracing.span(
            f"{method} {path}",
            kind=tracing.SERVER,
            parent=tracing.context_from(headers),
            attributes=attributes,
        ) as span:

            async def send_traced(message: Message) -> None:
                if span is not None and message["type"] == "http.response.start":
                    status = int(message["status"])
                    span.set_attribute("http.response.status_code", status)
                    if status >= 500:
                        span.set_status(Status(StatusCode.ERROR, f"HTTP {status}"))
                await send(message)

            await self.app(scope, receive, send_traced)
