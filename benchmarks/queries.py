"""Query throughput and latency through the router, against the subgraph answering directly."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from benchmarks.stack import Stack
from benchmarks.stats import percentile
from subgraphs.kit.database import Database
from subgraphs.kit.transactions import in_transaction
from subgraphs.users.rules.registration import register

CONCURRENCY = 16
DURATION_SECONDS = 5.0
WARMUP_REQUESTS = 50
QUERY = "query($id: ID!) { user(id: $id) { id displayName profile { isPublic } } }"


@dataclass
class Throughput:
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float


async def _user() -> str:
    db = Database("users")
    try:
        user = await in_transaction(
            db,
            lambda s: register(
                s,
                email=f"q-{uuid.uuid4().hex[:8]}@bench.test",
                password="bench-password-1",
                first_name="Query",
                last_name="Bench",
            ),
        )
        return str(user.id)
    finally:
        await db.dispose()


async def load(url: str, body: Mapping[str, object]) -> Throughput:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as http:
        for _ in range(WARMUP_REQUESTS):
            (await http.post("/graphql", json=body)).raise_for_status()
        deadline = time.perf_counter() + DURATION_SECONDS

        async def worker() -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await http.post("/graphql", json=body)
                assert response.status_code == 200 and "errors" not in response.json()
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - started
    return Throughput(
        len(latencies),
        len(latencies) / elapsed,
        percentile(latencies, 0.5),
        percentile(latencies, 0.99),
    )


async def run(stack: Stack) -> tuple[Throughput, Throughput]:
    """(baseline: the users subgraph directly, through the router)."""
    body = {"query": QUERY, "variables": {"id": await _user()}}
    direct = await load(stack.urls["users"], body)
    routed = await load(stack.urls["router"], body)
    return direct, routed
