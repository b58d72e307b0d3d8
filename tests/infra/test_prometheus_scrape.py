"""A real Prometheus (Debian's `prometheus`, installed by `make test`) scrapes the router and a
subgraph, and its query API sees what they counted: the metric names, labels and exposition
format are what a production Prometheus reads."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from agora.infra.processes import free_port, wait_until
from router.app import create_app
from tests.federation.test_router_supergraph import SHOP_SUPERGRAPH
from tests.support.servers import serve

TIMEOUT_SECONDS = 60.0
PARSE_FAILURES = 'agora_router_rejections_total{job="router",code="GRAPHQL_PARSE_FAILED"}'


@pytest.fixture
def router_url() -> Iterator[str]:
    with serve(create_app(SHOP_SUPERGRAPH)) as url:
        yield url


def _config(targets: dict[str, str]) -> dict[str, object]:
    return {
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s"},
        "scrape_configs": [
            {"job_name": job, "static_configs": [{"targets": [url.removeprefix("http://")]}]}
            for job, url in targets.items()
        ],
    }


@pytest.fixture
def prometheus(
    tmp_path: Path, router_url: str, users_url: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    config = tmp_path / "prometheus.yml"
    config.write_text(yaml.safe_dump(_config({"router": router_url, "users": users_url})))
    port = free_port()
    process = subprocess.Popen(
        [
            "prometheus",
            f"--config.file={config}",
            f"--storage.tsdb.path={tmp_path / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "prometheus.log").open("wb"),
    )
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=TIMEOUT_SECONDS)


def _query(base: str, promql: str) -> list[dict[str, object]]:
    try:
        answer = httpx.get(f"{base}/api/v1/query", params={"query": promql}, timeout=5)
    except httpx.HTTPError:
        return []
    if answer.status_code != 200:
        return []
    result: list[dict[str, object]] = answer.json()["data"]["result"]
    return result


def _value(base: str, promql: str) -> float | None:
    result = _query(base, promql)
    return float(result[0]["value"][1]) if result else None  # type: ignore[index]


def test_prometheus_scrapes_the_router_and_a_subgraph(
    prometheus: tuple[str, subprocess.Popen[bytes]], router_url: str, users_url: str
) -> None:
    base, process = prometheus
    for _ in range(3):
        httpx.post(f"{router_url}/graphql", json={"query": "{ nope"}, timeout=10)
    httpx.post(f"{users_url}/graphql", json={"query": "query ScrapeProbe { __typename }"})

    def seen() -> bool:
        assert process.poll() is None, "prometheus exited"
        return _value(base, PARSE_FAILURES) == 3

    wait_until(seen, TIMEOUT_SECONDS, "Prometheus to scrape the router's counters")
    assert _value(base, 'up{job="router"}') == 1
    probe = 'http_server_request_duration_seconds_count{job="users",operation="ScrapeProbe"}'
    wait_until(lambda: _value(base, probe) == 1, TIMEOUT_SECONDS, "the subgraph's request")
    pools = _query(base, 'agora_db_pool_connections{job="users"}')
    assert {series["metric"]["state"] for series in pools} >= {"in_use", "idle", "waiting"}  # type: ignore[index]
