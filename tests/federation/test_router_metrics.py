"""The router's Prometheus `/metrics`: requests by operation and outcome, subgraph calls and
their failures, refusals by code, cache hits and misses, active subscriptions; and several
worker processes adding up to one view."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from agora.infra.processes import free_port, wait_until
from router.app import create_app
from tests.federation.test_router_http import Servers, servers  # noqa: F401 (the fixture)
from tests.federation.test_router_supergraph import SHOP_SUPERGRAPH
from tests.support.environment import REPO_ROOT

TIMEOUT_SECONDS = 60.0

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(found: Samples, name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


async def test_requests_subgraph_calls_refusals_and_caches_are_counted(
    servers: Servers,  # noqa: F811
) -> None:
    query = 'query Product { product(id: "1") { name reviews { id } } }'
    async with httpx.AsyncClient(base_url=servers.router_url, timeout=10) as client:
        for _ in range(3):
            assert (await client.post("/graphql", json={"query": query})).status_code == 200
        await client.post("/graphql", json={"query": '{ product(id: "2") { name } }'})
        await client.post("/graphql", json={"query": "{ product(id: "})  # does not parse
        scraped = await client.get("/metrics")
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain")
    found = samples(scraped.text)
    requests = "http_server_request_duration_seconds_count"
    assert value(found, requests, operation="Product", outcome="ok") == 3
    assert value(found, requests, operation="anonymous", outcome="ok") == 1
    assert value(found, requests, operation="anonymous", outcome="rejected") == 1
    assert value(found, "agora_router_rejections_total", code="GRAPHQL_PARSE_FAILED") == 1
    calls = "agora_router_subgraph_request_duration_seconds_count"
    assert value(found, calls, subgraph="products") >= 4
    assert value(found, calls, subgraph="reviews") >= 3
    lookups = "agora_router_cache_lookups_total"
    assert value(found, lookups, cache="document", result="hit") >= 2
    assert value(found, lookups, cache="plan", result="miss") >= 2
    assert value(found, "agora_router_active_subscriptions") == 0


async def test_a_subgraph_that_is_down_is_counted_by_code(servers: Servers) -> None:  # noqa: F811
    async with httpx.AsyncClient(base_url=servers.broken_router_url, timeout=10) as client:
        await client.post(
            "/graphql", json={"query": "{ topReviews(first: 1) { author { email } } }"}
        )
        found = samples((await client.get("/metrics")).text)
    errors = "agora_router_subgraph_errors_total"
    assert value(found, errors, subgraph="users", code="SUBGRAPH_UNAVAILABLE") >= 1
    requests = "http_server_request_duration_seconds_count"
    assert value(found, requests, operation="anonymous", outcome="error") == 1


def test_worker_processes_add_up_to_one_view(tmp_path: Path) -> None:
    supergraph = tmp_path / "shop.graphql"
    supergraph.write_text(SHOP_SUPERGRAPH)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    router = subprocess.Popen(
        [sys.executable, "-m", "agora.cli", "router", "--supergraph", str(supergraph),
         "--port", str(port), "--workers", "2"],
        cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:

        def answers() -> bool:
            try:
                return httpx.get(f"{base}/health", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(answers, TIMEOUT_SECONDS, "the router's workers")
        for _ in range(20):  # each on a new connection: the kernel spreads them over workers
            httpx.post(f"{base}/graphql", json={"query": "{ nope"}, timeout=10)
        for _ in range(4):  # whichever worker answers the scrape sees all 20
            found = samples(httpx.get(f"{base}/metrics", timeout=10).text)
            assert value(found, "agora_router_rejections_total", code="GRAPHQL_PARSE_FAILED") == 20
    finally:
        router.terminate()
        router.wait(timeout=TIMEOUT_SECONDS)


async def test_metrics_off_record_nothing_and_serve_no_metrics() -> None:
    app = create_app(SHOP_SUPERGRAPH, metrics=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://router") as client:
        refused = await client.post("/graphql", json={"query": "{ nope"})
        scraped = await client.get("/metrics")
    assert refused.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert scraped.status_code == 404
    assert samples(generate_latest(app.state.gateway.metrics.registry).decode()) == {}
