"""Print the gateways scenario: one row per gateway, then Agora's ratios to both Hive variants."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import orjson

from benchmarks.gateways import wrk
from benchmarks.gateways.run import GATEWAY_CPU, LOAD_CPU, Outcome, Report
from benchmarks.stats import ratio

DEDUP_NOTES = {
    "subgraph": "identical subgraph requests in flight share one call in all three "
    "(Hive's default; Agora --deduplicate-subgraph-queries)",
    "none": "off in all three",
    "all": "identical subgraph requests and identical client requests in flight share one "
    "execution in all three (the upstream benchmark's Hive setting)",
}


@dataclass
class Row:
    label: str
    per_second: float
    p50_ms: float
    p99_ms: float
    per_cpu_second: float
    by_round: list[float]
    gateway_cpu: float
    subgraph_cpu: float
    wrk_cpu_percent: float
    fetches_per_query: float
    rss_mib: float
    failures: int


def _all_loads(outcome: Outcome) -> list[wrk.WrkResult]:
    warmup = [outcome.warmup] if outcome.warmup is not None else []
    return [w.load for w in outcome.windows] + warmup


def row_of(outcome: Outcome) -> Row:
    windows = outcome.windows
    loads = [w.load for w in windows]
    by_round = [w.counted / w.gateway_cpu if w.gateway_cpu else 0.0 for w in windows]
    return Row(
        label=outcome.contender.label,
        per_second=statistics.median(w.counted / w.seconds for w in windows),
        p50_ms=statistics.median(x.p50_us for x in loads) / 1000,
        p99_ms=statistics.median(x.p99_us for x in loads) / 1000,
        per_cpu_second=statistics.median(by_round),
        by_round=by_round,
        gateway_cpu=sum(w.gateway_cpu for w in windows),
        subgraph_cpu=sum(w.subgraph_cpu for w in windows),
        wrk_cpu_percent=100
        * sum(x.cpu_seconds for x in loads)
        / (sum(x.duration_us for x in loads) / 1e6),
        fetches_per_query=sum(w.fetches for w in windows) / max(1, sum(w.counted for w in windows)),
        rss_mib=max(w.rss_mib for w in windows),
        failures=sum(x.failures for x in _all_loads(outcome)),
    )


def _failure_detail(label: str, results: list[wrk.WrkResult]) -> str | None:
    total = {
        "non-200": sum(r.bad_status for r in results),
        "with GraphQL errors": sum(r.graphql_errors for r in results),
        "of another length": sum(r.wrong_length for r in results),
        "socket errors": sum(r.socket_errors for r in results),
        "timeouts": sum(r.timeouts for r in results),
    }
    if not any(total.values()):
        return None
    parts = ", ".join(f"{n} {name}" for name, n in total.items() if n)
    requests = sum(r.requests for r in results)
    return f"  {label}: {parts} out of {requests} requests (warm-up included)"


def _responses(report: Report) -> list[str]:
    lines = []
    same_bytes, same_json = [], []
    reference = orjson.loads(report.reference) if report.reference else None
    for outcome in report.outcomes:
        check, label = outcome.check, outcome.contender.label
        if check.error is not None:
            lines.append(f"  {label}: the TestQuery FAILED, not measured: {check.error}")
        elif check.body == report.reference:
            same_bytes.append(label)
        elif orjson.loads(check.body) == reference:
            same_json.append(label)
        else:
            lines.append(f"  {label}: the TestQuery response DIFFERS from the others' data")
    size = f"{len(report.reference)} bytes"
    if same_bytes:
        lines.insert(
            0, f"  TestQuery response ({size}, no errors) byte-identical: " + ", ".join(same_bytes)
        )
    if same_json:
        lines.append("  same JSON, other bytes (key order or spacing): " + ", ".join(same_json))
    fetches = ", ".join(
        f"{o.contender.label} {sum(o.check.fetches.values())}" for o in report.outcomes
    )
    lines.append(f"  subgraph fetches for one TestQuery alone: {fetches}")
    return lines


def print_report(report: Report) -> None:
    s = report.settings
    print(
        "\nGateways: The Guild's gateways benchmark, federation scenario (TestQuery, 4 subgraphs)"
    )
    print(
        f"  {wrk.CONNECTIONS} connections; each gateway alone on CPU {GATEWAY_CPU}, "
        f"subgraphs + wrk ({wrk.THREADS} threads) on CPU {LOAD_CPU}"
    )
    print(
        f"  {s.rounds} interleaved round(s) x {s.seconds} s per gateway after "
        f"{s.warmup_seconds} s warm-up; medians over rounds"
    )
    print(f"  de-duplication: {s.dedup}, {DEDUP_NOTES[s.dedup]}")
    print(f"  load average before {report.loadavg_before}, after {report.loadavg_after}")
    for line in _responses(report):
        print(line)
    measured = [o for o in report.outcomes if o.windows]
    if not measured:
        return
    rows = {o.contender.key: row_of(o) for o in measured}
    head = (
        f"{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'req/CPU-s':>11}{'CPU-s':>8}"
        f"{'subgr CPU-s':>13}{'wrk CPU':>9}{'fetch/q':>9}{'RSS MiB':>9}{'failed':>8}"
    )
    print(f"\n  {'':<20}{head}")
    for row in rows.values():
        numbers = (
            f"{row.per_second:>8.1f}{row.p50_ms:>9.1f}{row.p99_ms:>9.1f}"
            f"{row.per_cpu_second:>11.1f}{row.gateway_cpu:>8.1f}{row.subgraph_cpu:>13.2f}"
            f"{row.wrk_cpu_percent:>8.0f}%{row.fetches_per_query:>9.2f}"
            f"{row.rss_mib:>9.0f}{row.failures:>8}"
        )
        print(f"  {row.label:<20}{numbers}")
    print("  (CPU-s: the gateway's whole process tree, summed over its measured windows;")
    print("   subgr CPU-s: the subgraphs' process over the same windows; failed: warm-up included)")
    for row in rows.values():
        rounds = ", ".join(f"{x:.1f}" for x in row.by_round)
        print(f"  req per CPU-second by round, {row.label}: {rounds}")
    idle = sum(w.idle_gateways_cpu for o in measured for w in o.windows)
    foreign = sum(w.foreign_cpu for o in measured for w in o.windows)
    print(
        f"  CPU 0 during all windows: idle gateways {idle:.2f} CPU-s, "
        f"other processes {foreign:.2f} CPU-s (noise)"
    )
    for outcome in measured:
        detail = _failure_detail(outcome.contender.label, _all_loads(outcome))
        if detail:
            print(detail)
    agora = rows.get("agora")
    for key in ("hive-js", "hive-rust"):
        hive = rows.get(key)
        if agora is None or hive is None:
            continue
        print(
            f"  Agora / {hive.label}: req per CPU-second "
            f"{ratio(agora.per_cpu_second, hive.per_cpu_second)}, "
            f"req/s {ratio(agora.per_second, hive.per_second)}"
        )
    print(f"  ({report.elapsed_seconds:.0f} s including start-up)")
