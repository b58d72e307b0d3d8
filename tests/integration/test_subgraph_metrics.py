"""A subgraph's Prometheus `/metrics`: requests by operation and outcome, the SQL statements of
each request, and its database pool (connections in use, idle, and callers waiting for one)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

from prometheus_client import generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from subgraphs.kit.database import Database, WaitCountingPool
from subgraphs.kit.metrics import SubgraphMetrics
from tests.federation.test_router_metrics import samples, value
from tests.support.graphql import GraphQLClient

TIMEOUT_SECONDS = 30.0


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
    statements = "agora_subgraph_request_sql_statements"
    assert value(found, f"{statements}_count", operation="MetricsProbeSdl") == 2
    assert value(found, f"{statements}_sum", operation="MetricsProbeSdl") == 0
    pool = {labels for name, labels in found if name == "agora_db_pool_connections"}
    states = {dict(labels)["state"] for labels in pool if dict(labels)["subgraph"] == "users"}
    assert {"in_use", "idle"} <= states


async def test_each_request_counts_the_statements_it_ran(users: GraphQLClient) -> None:
    query = "query MetricsProbeUsers($a: ID!, $b: ID!) { a: user(id: $a) { id } b: user(id: $b) { id } }"
    for _ in range(3):
        await users.data(query, {"a": str(uuid.uuid4()), "b": str(uuid.uuid4())})
    found = samples((await users.http.get("/metrics")).text)
    statements = "agora_subgraph_request_sql_statements"
    assert value(found, f"{statements}_count", operation="MetricsProbeUsers") == 3
    # Both look-ups of one request share one batched SELECT (the users loader).
    assert value(found, f"{statements}_sum", operation="MetricsProbeUsers") == 3


async def test_callers_waiting_for_a_connection_are_counted() -> None:
    db = Database("users")
    # One connection only, so that a second caller has to wait for it.
    db._engine = create_async_engine(
        db.url, poolclass=WaitCountingPool, pool_size=1, max_overflow=0
    )
    registry = SubgraphMetrics("users", db).registry

    def pool_state(state: str) -> float:
        found = samples(generate_latest(registry).decode())
        return value(found, "agora_db_pool_connections", subgraph="users", state=state)

    try:
        async with db.engine.connect() as held:
            await held.execute(text("SELECT 1"))
            second = asyncio.create_task(_select_one(db))
            await _until(lambda: pool_state("waiting") == 1)
            assert pool_state("in_use") == 1
        assert await asyncio.wait_for(second, TIMEOUT_SECONDS) == 1
        assert pool_state("waiting") == 0
    finally:
        await db.dispose()


async def _select_one(db: Database) -> int:
    async with db.engine.connect() as connection:
        return int((await connection.execute(text("SELECT 1"))).scalar_one())


async def _until(condition: Callable[[], bool]) -> None:
    deadline = asyncio.get_running_loop().time() + TIMEOUT_SECONDS
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)  # polling a condition, with a deadline
