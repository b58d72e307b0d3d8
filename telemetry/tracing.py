"""OpenTelemetry traces, on when the standard `OTEL_*` variables ask for them, and free when not.

Tracing is on when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is
set, or `OTEL_TRACES_EXPORTER` names `otlp` or `console`; `OTEL_SDK_DISABLED=true` or
`OTEL_TRACES_EXPORTER=none` turn it off. Off, the SDK is not even imported: every helper here
checks one module global (`tracer() is None`) and returns. On, with a sampler that starts no
new traces (ratio 0, always off), work with no trace to continue makes no span at all
(`traced_here`): unsampled spans are not free (make bench --only instrumentation). Spans go
over OTLP/HTTP (protobuf) in batches; the SDK reads the rest itself: `OTEL_SERVICE_NAME`,
`OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER` (+ `_ARG`), `OTEL_BSP_*`, headers and
timeouts of the exporter.

Context crosses processes as W3C `traceparent`/`tracestate` headers: the router sends them to
subgraphs, a subgraph stores them with an outbox row (subgraphs.kit.outbox), the relay puts
them into the Celery message, and the worker continues the trace from there. `carrier()` and
`context_from()` are those two ends.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opentelemetry.context import Context
    from opentelemetry.trace import Span, Tracer

logger = logging.getLogger("agora.tracing")

# Span kinds by name, so that callers need not import OpenTelemetry when tracing is off.
SERVER, CLIENT, INTERNAL = "server", "client", "internal"
PRODUCER, CONSUMER = "producer", "consumer"

_tracer: Tracer | None = None
_configured_pid: int | None = None
# False when the sampler never samples a new trace (ratio 0, always off): then work that has no
# trace to continue makes no span at all, not even an unsampled one (a measured cost).
_roots_sampled = True
EXPORTERS = ("otlp", "console")


def wanted(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether the `OTEL_*` variables ask for traces to be exported."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    exporters = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if exporters:
        return any(name.strip() in EXPORTERS for name in exporters.split(","))
    return bool(
        environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        or environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    )


def configure_tracing(service_name: str, environ: Mapping[str, str] = os.environ) -> bool:
    """Set up the tracer of this process, once (again in a forked child); True when on."""
    global _tracer, _configured_pid, _roots_sampled
    if _configured_pid == os.getpid():
        return _tracer is not None
    _configured_pid = os.getpid()
    _tracer = None
    if not wanted(environ):
        return False
    from opentelemetry import trace
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    resource = Resource.create()  # with OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES
    if str(resource.attributes.get(SERVICE_NAME, "unknown_service")).startswith("unknown_service"):
        resource = resource.merge(Resource({SERVICE_NAME: service_name}))
    provider = TracerProvider(resource=resource)  # the sampler comes from OTEL_TRACES_SAMPLER
    exporters = environ.get("OTEL_TRACES_EXPORTER", "otlp").lower()
    if "otlp" in exporters:
        provider.add_span_processor(BatchSpanProcessor(_otlp_exporter(environ)))
    if "console" in exporters:
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter()))
    trace.set_tracer_provider(provider)
    _tracer = provider.get_tracer("agora")
    _roots_sampled = samples_new_traces(provider.sampler.get_description())
    return True


def samples_new_traces(sampler_description: str) -> bool:
    """Whether a sampler (by its description) samples any trace that starts here: not
    `AlwaysOffSampler`, nor a ratio of 0, alone or as `ParentBased`'s root."""
    root = sampler_description
    if root.startswith("ParentBased{root:"):
        root = root.removeprefix("ParentBased{root:")
        root = root[: root.index("}") + 1] if root.startswith("TraceIdRatioBased{") else root
        root = root.split(",", 1)[0]
    if root.startswith("AlwaysOffSampler"):
        return False
    if root.startswith("TraceIdRatioBased{"):
        return float(root.removeprefix("TraceIdRatioBased{").split("}", 1)[0]) > 0
    return True


def traced_here(parent: Context | None = None) -> bool:
    """Whether a span made now could be part of a trace: tracing is on, and there is a trace
    to continue (`parent`, or a current span) or the sampler may start new ones."""
    if _tracer is None:
        return False
    if _roots_sampled or parent is not None:
        return True
    from opentelemetry import trace

    return trace.get_current_span().get_span_context().is_valid


def _otlp_exporter(environ: Mapping[str, str]) -> Any:
    protocol = (
        environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
        or environ.get("OTEL_EXPORTER_OTLP_PROTOCOL")
        or "http/protobuf"
    )
    if protocol != "http/protobuf":
        logger.warning("OTLP protocol %s is not supported; spans go over http/protobuf", protocol)
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


def tracer() -> Tracer | None:
    """This process's tracer, or None when tracing is off."""
    return _tracer


def flush(timeout_millis: int = 5000) -> None:
    """Export what is buffered now (before a process ends on its own terms)."""
    if _tracer is None:
        return
    from opentelemetry import trace

    provider = trace.get_tracer_provider()
    force_flush = getattr(provider, "force_flush", None)
    if force_flush is not None:
        force_flush(timeout_millis)


def inject(headers: MutableMapping[str, str]) -> None:
    """Add the current span's `traceparent` (and `tracestate`) to outgoing headers."""
    if _tracer is None:
        return
    from opentelemetry import propagate

    propagate.inject(headers)


def carrier() -> dict[str, str]:
    """The current trace context as headers, to store or send along (empty when off)."""
    headers: dict[str, str] = {}
    inject(headers)
    return headers


def context_from(headers: Mapping[str, str] | None) -> Context | None:
    """The trace context that `headers` carry (None when off or absent)."""
    if _tracer is None or not headers:
        return None
    from opentelemetry import propagate

    return propagate.extract(headers)


@contextmanager
def span(
    name: str,
    *,
    kind: str = INTERNAL,
    parent: Context | None = None,
    attributes: Mapping[str, str | int | float | bool] | None = None,
) -> Iterator[Span | None]:
    """A span around the block, made current, or None (and nothing) when tracing is off.
    An exception leaving the block is recorded and marks the span as an error. No span either
    when there is no trace to continue and the sampler starts none (`traced_here`)."""
    if _tracer is None or not traced_here(parent):
        yield None
        return
    from opentelemetry.trace import SpanKind

    with _tracer.start_as_current_span(
        name, context=parent, kind=SpanKind[kind.upper()], attributes=attributes
    ) as current:
        yield current


def current_ids() -> tuple[str, str] | None:
    """(trace id, span id) of the current span in hex, for log lines; None when off or none."""
    if _tracer is None:
        return None
    from opentelemetry import trace

    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return format(context.trace_id, "032x"), format(context.span_id, "016x")


def annotate(attributes: Mapping[str, str | int | float | bool | None]) -> None:
    """Set attributes (those that are not None) on the current span, when tracing is on."""
    if _tracer is None:
        return
    from opentelemetry import trace

    current = trace.get_current_span()
    for key, value in attributes.items():
        if value is not None:
            current.set_attribute(key, value)
