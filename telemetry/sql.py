"""A span per SQL statement, from SQLAlchemy's cursor events (when tracing is on).

Our own few lines rather than opentelemetry-instrumentation-sqlalchemy: that instrumentor is
a process-wide singleton that instruments one call's engines only, while each of our
`Database` objects makes its engine lazily, and several live in one process (the worker)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from telemetry import tracing

# Long statements are cut: a span is not the place for a 50 kB VALUES list.
MAX_STATEMENT_CHARS = 2000
_SPAN = "_agora_span"


def trace_statements(engine: Any) -> None:
    """Spans for the statements of `engine` (an Engine or AsyncEngine); nothing when off."""
    if tracing.tracer() is None:
        return
    sync_engine: Engine = getattr(engine, "sync_engine", engine)
    if event.contains(sync_engine, "before_cursor_execute", _started):
        return
    event.listen(sync_engine, "before_cursor_execute", _started)
    event.listen(sync_engine, "after_cursor_execute", _ended)
    event.listen(sync_engine, "handle_error", _failed)


def _operation(statement: str) -> str:
    words = statement.lstrip().split(None, 1)
    return words[0].upper() if words else "SQL"


def _started(
    conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
) -> None:
    tracer = tracing.tracer()
    if tracer is None or context is None:
        return
    from opentelemetry import trace
    from opentelemetry.trace import SpanKind

    if not trace.get_current_span().get_span_context().is_valid:
        return  # a statement of no request (a relay's idle poll): not worth a trace of its own

    url = conn.engine.url
    attributes: dict[str, str | int] = {
        "db.system.name": "postgresql",
        "db.namespace": url.database or "",
        "db.operation.name": _operation(statement),
        "db.query.text": statement[:MAX_STATEMENT_CHARS],
    }
    if url.host:
        attributes["server.address"] = url.host
    if url.port:
        attributes["server.port"] = url.port
    name = f"{attributes['db.operation.name']} {url.database or ''}".strip()
    setattr(context, _SPAN, tracer.start_span(name, kind=SpanKind.CLIENT, attributes=attributes))


def _ended(
    conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
) -> None:
    span = getattr(context, _SPAN, None)
    if span is not None:
        span.end()
        setattr(context, _SPAN, None)


def _failed(exception_context: Any) -> None:
    context = exception_context.execution_context
    span = getattr(context, _SPAN, None) if context is not None else None
    if span is None:
        return
    from opentelemetry.trace import Status, StatusCode

    error = exception_context.original_exception
    span.record_exception(error)
    span.set_status(Status(StatusCode.ERROR, type(error).__name__))
    span.end()
    setattr(context, _SPAN, None)
