"""docker/monitoring: the alerting rules pass promtool (Debian's `prometheus` package) and
their unit tests, and every metric the rules and the dashboard use is one Agora serves."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
MONITORING = ROOT / "docker" / "monitoring"
METRIC = re.compile(r"\b(agora_[a-z_]+|http_server_[a-z_]+)")
SUFFIXES = ("_bucket", "_count", "_sum", "_total")
SERVED_BY = (
    "router/metrics.py",
    "subgraphs/kit/metrics.py",
    "pipeline/relay_metrics.py",
    "pipeline/worker_metrics.py",
)


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["promtool", *args], cwd=MONITORING, capture_output=True, text=True, timeout=60
    )


def test_the_rules_pass_promtool_and_their_unit_tests() -> None:
    checked = promtool("check", "rules", "alerts.yaml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = promtool("test", "rules", "alerts.test.yaml")
    assert tested.returncode == 0, tested.stdout + tested.stderr


def _base(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def test_every_metric_used_is_one_agora_serves() -> None:
    served = {match for path in SERVED_BY for match in METRIC.findall((ROOT / path).read_text())}
    rules = yaml.safe_load((MONITORING / "alerts.yaml").read_text())
    expressions = [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    dashboard = json.loads((MONITORING / "dashboard.json").read_text())
    expressions += [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    used = {_base(name) for expression in expressions for name in METRIC.findall(expression)}
    assert used, "no metric found"
    assert used <= served, sorted(used - served)
