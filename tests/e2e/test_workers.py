"""`--workers N`: the router and a subgraph each run N processes on one port."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.processes import Processes
from tests.integration.accounts import Accounts


def worker_pids(pid: int) -> set[int]:
    """The worker processes uvicorn's supervisor spawned (not multiprocessing's helpers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return {
        int(child)
        for child in children
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    }


@pytest.fixture(scope="module")
def two_workers_each(
    users_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Processes]:
    jwks = f"{users_url}/.well-known/jwks.json"
    processes = Processes(
        tmp_path_factory.mktemp("workers"), AGORA_JWKS_URL=jwks, AGORA_ROUTER_JWKS_URL=jwks
    )
    try:
        users = processes.subgraph("users", "--workers", "2")
        processes.router({"users": users}, "--workers", "2")
        yield processes
    finally:
        processes.stop()


async def test_router_and_subgraph_serve_from_two_worker_processes_each(
    two_workers_each: Processes, accounts: Accounts
) -> None:
    for name in ("users", "router"):
        assert len(worker_pids(two_workers_each.children[name].pid)) == 2, name
    alice = await accounts.register(firstName="Alice")
    router = two_workers_each.urls["router"]
    headers = {"authorization": f"Bearer {alice.access}"}
    async with httpx.AsyncClient(base_url=router, headers=headers, timeout=10) as client:
        responses = await asyncio.gather(
            *(client.post("/graphql", json={"query": "{ me { id firstName } }"}) for _ in range(40))
        )
    for response in responses:
        assert response.json() == {"data": {"me": {"id": alice.id, "firstName": "Alice"}}}
