"""What observability costs the router: the gateways scenario (TestQuery, benchmarks.gateways)
through four Agora routers that differ only in instrumentation:

- off: `--no-metrics`, no tracing (the baseline);
- metrics: Prometheus metrics on (the default);
- metrics + tracing at 0%: OTLP export configured, no trace sampled (`traceidratio` 0);
- metrics + tracing at 100%: every request traced and exported (`always_on`).

Spans go to an OTLP/HTTP sink in this process (on the load CPU) that only counts them. Each
router is alone on the gateway CPU, measured in interleaved rounds; the ratio of each variant
to the baseline is taken per round (so drift of the machine affects both sides), and the
median over rounds is printed, as throughput per CPU-second of the router.
"""

from __future__ import annotations

import statistics
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from benchmarks.gateways import contenders
from benchmarks.gateways.contenders import Contender
from benchmarks.gateways.report import Row, row_of
from benchmarks.gateways.run import GATEWAY_CPU, Lineup, Report, Settings, run

# (key, label, router options, OTEL_* settings beyond the endpoint or None for no tracing)
VARIANTS: tuple[tuple[str, str, tuple[str, ...], dict[str, str] | None], ...] = (
    ("off", "off (baseline)", ("--no-metrics",), None),
    ("metrics", "metrics", (), None),
    (
        "tracing-0",
        "metrics + tracing 0%",
        (),
        {"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0"},
    ),
    # A queue that holds a few seconds of spans at this rate: the SDK's default (2,048) drops
    # most of them, which would make tracing everything look cheaper than it is.
    (
        "tracing-100",
        "metrics + tracing 100%",
        (),
        {
            "OTEL_TRACES_SAMPLER": "always_on",
            "OTEL_BSP_MAX_QUEUE_SIZE": "65536",
            "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "2048",
        },
    ),
)
TARGET_LOSS_PERCENT = 5.0  # metrics on, tracing at 0%


class SpanSink:
    """Accepts OTLP/HTTP exports and counts their spans: a collector that keeps nothing."""

    def __init__(self) -> None:
        self.exports = 0
        self.bytes = 0
        self.spans = 0
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as a collector answers

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                sink.bytes += len(body)
                sink.exports += 1
                sink.spans += _span_count(body)
                self.send_response(200)
                self.send_header("content-type", "application/x-protobuf")
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"

    @contextmanager
    def running(self) -> Iterator[SpanSink]:
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()
            thread.join(timeout=10)


def _span_count(body: bytes) -> int:
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
    )

    request = ExportTraceServiceRequest.FromString(body)
    return sum(len(s.spans) for r in request.resource_spans for s in r.scope_spans)


def lineup(settings: Settings, sink: SpanSink) -> tuple[int, Lineup]:
    def build(supergraph: Path, ports: list[int], env: dict[str, str]) -> list[Contender]:
        built = []
        for (key, label, options, tracing), port in zip(VARIANTS, ports, strict=False):
            extra = None
            if tracing is not None:
                extra = {"OTEL_EXPORTER_OTLP_ENDPOINT": sink.endpoint, **tracing}
            built.append(
                contenders.agora(
                    supergraph,
                    port,
                    GATEWAY_CPU,
                    settings.dedup,
                    env,
                    key=key,
                    label=label,
                    options=options,
                    extra_env=extra,
                )
            )
        return built

    return len(VARIANTS), build


def measure(settings: Settings, say: Callable[[str], None]) -> tuple[Report, SpanSink]:
    with SpanSink().running() as sink:
        return run(settings, say, lineup(settings, sink)), sink


def paired_ratios(report: Report) -> dict[str, list[float]]:
    """Per variant, each round's req per CPU-second over the baseline's in the same round."""
    rows = {o.contender.key: row_of(o) for o in report.outcomes if o.windows}
    baseline = rows.get("off")
    if baseline is None:
        return {}
    return {
        key: [v / b for v, b in zip(row.by_round, baseline.by_round, strict=False) if b]
        for key, row in rows.items()
    }


def print_report(report: Report, sink: SpanSink) -> None:
    s = report.settings
    print("\nInstrumentation overhead of the router (gateways scenario: TestQuery, 4 subgraphs)")
    print(
        f"  {s.rounds} interleaved round(s) x {s.seconds} s per router after {s.warmup_seconds} s"
        f" warm-up; subgraph de-duplication: {s.dedup}; load average {report.loadavg_before}"
        f" -> {report.loadavg_after}"
    )
    head = f"{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'req/CPU-s':>11}{'vs off':>9}{'loss':>8}"
    print(f"  {'':<26}{head}")
    ratios = paired_ratios(report)
    rows: dict[str, Row] = {o.contender.key: row_of(o) for o in report.outcomes if o.windows}
    for outcome in report.outcomes:
        if outcome.check.error is not None:
            print(f"  {outcome.contender.label}: FAILED the TestQuery: {outcome.check.error}")
            continue
        row, key = rows[outcome.contender.key], outcome.contender.key
        median = statistics.median(ratios[key]) if ratios.get(key) else float("nan")
        print(
            f"  {row.label:<26}{row.per_second:>9.1f}{row.p50_ms:>9.1f}{row.p99_ms:>9.1f}"
            f"{row.per_cpu_second:>11.1f}{median:>8.3f}x{100 * (1 - median):>7.1f}%"
        )
    traced = next((o for o in report.outcomes if o.contender.key == "tracing-100"), None)
    if traced is not None:
        loads = [w.load for w in traced.windows] + ([traced.warmup] if traced.warmup else [])
        requests = sum(load.requests for load in loads)
        print(
            f"  tracing at 100%: {sink.spans} spans exported in {sink.exports} batches "
            f"({sink.bytes / 1e6:.1f} MB), {sink.spans / max(requests, 1):.1f} per request"
        )
    if ratios.get("tracing-0"):
        loss = 100 * (1 - statistics.median(ratios["tracing-0"]))
        verdict = "within" if loss < TARGET_LOSS_PERCENT else "OVER"
        print(
            f"  metrics + tracing at 0%: {loss:.1f}% loss, {verdict} the "
            f"{TARGET_LOSS_PERCENT:g}% target; per-round ratios "
            + ", ".join(f"{r:.3f}" for r in ratios["tracing-0"])
        )
