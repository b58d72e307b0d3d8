"""Tracing is on only when the standard OTEL_* variables ask for it; off, no tracer provider
is set up and the SDK's tracing is never imported; on, spans reach an OTLP receiver with the service's name, the W3C context can be
carried and continued, and log lines name the trace and span they were written in."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from telemetry import tracing
from tests.support.environment import REPO_ROOT
from tests.support.otlp import OtlpReceiver

TIMEOUT_SECONDS = 60.0


@pytest.mark.parametrize(
    ("environ", "on"),
    [
        ({}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, True),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, True),
        ({"OTEL_TRACES_EXPORTER": "console"}, True),
        ({"OTEL_TRACES_EXPORTER": "otlp,console"}, True),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, False),
        ({"OTEL_SDK_DISABLED": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, False),
        ({"OTEL_TRACES_EXPORTER": "zipkin"}, False),
    ],
)
def test_tracing_is_on_when_otel_variables_ask_for_it(environ: dict[str, str], on: bool) -> None:
    assert tracing.wanted(environ) is on


def _python(code: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


OFF = """
import sys
from subgraphs.freelance.app import create_app
from telemetry import tracing
from telemetry.asgi import with_tracing
app = create_app()
assert tracing.tracer() is None
assert with_tracing(app) is app
with tracing.span("nothing") as span:
    assert span is None
assert tracing.carrier() == {} and tracing.current_ids() is None
from opentelemetry import trace
print("no provider:", type(trace.get_tracer_provider()).__name__ == "ProxyTracerProvider")
print("sdk tracing loaded:", "opentelemetry.sdk.trace" in sys.modules)
"""


def test_off_costs_nothing_the_sdk_is_not_even_imported() -> None:
    output = _python(OFF)
    assert "no provider: True" in output
    assert "sdk tracing loaded: False" in output


ON = """
import logging
from telemetry.logs import configure_logging
from telemetry import tracing
assert tracing.configure_tracing("agora-test")
configure_logging("INFO")
with tracing.span("outer", kind=tracing.SERVER, attributes={"agora.test": 1}):
    carried = tracing.carrier()
    logging.getLogger("agora.test").info("inside")
with tracing.span("continued", kind=tracing.CONSUMER, parent=tracing.context_from(carried)):
    pass
tracing.flush()
print("CARRIED", carried["traceparent"])
"""


def test_spans_reach_the_collector_and_continue_from_a_carried_context() -> None:
    with OtlpReceiver().running() as receiver:
        output = _python(ON, OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint)
        spans = receiver.wait_for(lambda spans: len(spans) >= 2, TIMEOUT_SECONDS)
    outer = next(s for s in spans if s.name == "outer")
    continued = next(s for s in spans if s.name == "continued")
    assert outer.service == "agora-test" and outer.kind == "server"
    assert outer.attributes == {"agora.test": 1}
    assert continued.trace_id == outer.trace_id and continued.parent_id == outer.span_id
    carried = next(line for line in output.splitlines() if line.startswith("CARRIED"))
    # version 00, then trace id and span id; flags: sampled (01), maybe "random id" (02) too
    assert carried.startswith(f"CARRIED 00-{outer.trace_id}-{outer.span_id}-")
    assert int(carried.rsplit("-", 1)[1], 16) & 1
    logged = next(json.loads(line) for line in output.splitlines() if '"inside"' in line)
    assert (logged["trace_id"], logged["span_id"]) == (outer.trace_id, outer.span_id)


def test_the_service_name_of_the_environment_wins() -> None:
    with OtlpReceiver().running() as receiver:
        code = "from telemetry import tracing\n"
        code += "tracing.configure_tracing('agora-test')\n"
        code += "with tracing.span('named'):\n    pass\ntracing.flush()\n"
        _python(code, OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint, OTEL_SERVICE_NAME="shop-api")
        (span,) = receiver.wait_for(lambda spans: len(spans) >= 1, TIMEOUT_SECONDS)
    assert span.service == "shop-api"


@pytest.mark.parametrize(
    ("description", "samples"),
    [
        ("AlwaysOnSampler", True),
        ("AlwaysOffSampler", False),
        ("TraceIdRatioBased{0.1}", True),
        ("TraceIdRatioBased{0.0}", False),
        ("ParentBased{root:AlwaysOnSampler,remoteParentSampled:AlwaysOnSampler}", True),
        ("ParentBased{root:AlwaysOffSampler,remoteParentSampled:AlwaysOnSampler}", False),
        ("ParentBased{root:TraceIdRatioBased{0.0},remoteParentSampled:AlwaysOnSampler}", False),
        ("ParentBased{root:TraceIdRatioBased{0.25},remoteParentSampled:AlwaysOnSampler}", True),
    ],
)
def test_whether_a_sampler_starts_new_traces(description: str, samples: bool) -> None:
    assert tracing.samples_new_traces(description) is samples


RATIO_ZERO = """
from telemetry import tracing
assert tracing.configure_tracing("agora-test")
with tracing.span("alone") as alone:
    print("ALONE", alone, tracing.carrier())
sampled = {"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}
with tracing.span("continued", parent=tracing.context_from(sampled)) as span:
    with tracing.span("child") as child:
        print("CHILD", child is not None)
tracing.flush()
"""


def test_at_ratio_zero_only_traces_that_came_in_sampled_are_recorded() -> None:
    """Sampling 0% of new traces makes no span for work that has no trace to continue (not even
    an unsampled one: that costs, see make bench), and still records a trace a caller sampled."""
    with OtlpReceiver().running() as receiver:
        output = _python(
            RATIO_ZERO,
            OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint,
            OTEL_TRACES_SAMPLER="parentbased_traceidratio",
            OTEL_TRACES_SAMPLER_ARG="0",
        )
        spans = receiver.wait_for(lambda spans: len(spans) >= 2, TIMEOUT_SECONDS)
    assert "ALONE None {}" in output and "CHILD True" in output
    assert sorted(span.name for span in spans) == ["child", "continued"]
    assert {span.trace_id for span in spans} == {"0af7651916cd43dd8448eb211c80319c"}
