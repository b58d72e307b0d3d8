"""A subgraph's Prometheus `/metrics`: requests by operation and outcome, and its database pool."""

from __future__ import annotations

from tests.federation.test_router_metrics import samples, value
from tests.support.graphql import GraphQLClient


async def test_requests_by_operation_and_outcome_and_the_pool(users: GraphQLClient) -> None:
    for _ in range(2):
        await users.data("query MetricsProbeSdl { _service { sdl } }")
    failed = await users.execute("query MetricsProbeMe { me { id } }")  # anonymous: UNAUTHENTICATED
    assert failed["errors"]
    scraped = await users.http.get("/metrics")
    assert scraped.status_code == 200
    found = samples(scraped.text)
    requests = "http_server_request_duration_seconds_count"
    assert value(found, requests, operation="MetricsProbeSdl", outcome="ok") == 2
    assert value(found, requests, operation="MetricsProbeMe", outcome="error") == 1
    pool = {labels for name, labels in found if name == "agora_db_pool_connections"}
    states = {dict(labels)["state"] for labels in pool if dict(labels)["subgraph"] == "users"}
    assert {"in_use", "idle"} <= states
