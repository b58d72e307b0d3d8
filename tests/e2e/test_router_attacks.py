"""Requests that once froze the router, sent to a real `agora router` process over HTTP: each is
refused with its own code before anything is planned or fetched, `/health` on the same router
keeps answering meanwhile, and large documents leave its memory bounded.
(`python -m benchmarks.attacks` prints how long each refusal takes.)"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from agora.infra.supervisor import Child
from benchmarks.attacks import ATTACKS, Attack, attackable_router, probe_health, refuse

HEALTH_ANSWER_SECONDS = 5.0  # far above a healthy answer; a frozen loop misses it
DOCUMENTS = 50
DOCUMENT_BYTES = 300_000
RSS_GROWTH_CAP_MIB = 20  # measured: +6 MiB for 50 documents, +10 MiB for 250 (caches keep none)


@pytest.fixture(scope="module")
def router() -> Iterator[tuple[str, Child]]:
    with attackable_router() as running:
        yield running


@pytest.mark.parametrize("attack", ATTACKS, ids=[attack.name for attack in ATTACKS])
async def test_each_attack_is_refused_with_its_code(
    router: tuple[str, Child], attack: Attack
) -> None:
    async with httpx.AsyncClient(base_url=router[0], timeout=30) as client:
        _, code = await refuse(client, attack)
    assert code == attack.code


async def test_health_answers_while_attacks_run(router: tuple[str, Child]) -> None:
    stop = asyncio.Event()
    prober = asyncio.create_task(probe_health(router[0], stop))
    async with httpx.AsyncClient(base_url=router[0], timeout=30) as client:
        for variant in range(3):  # new documents each time: no cached refusal
            codes = [(await refuse(client, attack, variant))[1] for attack in ATTACKS]
            assert codes == [attack.code for attack in ATTACKS]
    stop.set()
    times = await asyncio.wait_for(prober, 30)
    assert len(times) >= 10, times  # it kept getting answers throughout
    assert max(times) < HEALTH_ANSWER_SECONDS * 1000, max(times)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


async def test_large_distinct_documents_leave_memory_bounded(router: tuple[str, Child]) -> None:
    url, child = router

    def document(n: int) -> str:  # valid and tiny in tokens; large in bytes (a comment)
        padding = f"# document {n} " + "x" * DOCUMENT_BYTES
        return padding + "\n{ __typename }"

    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        for n in range(5):  # warm: allocator arenas and buffers reach their working size
            response = await client.post("/graphql", json={"query": document(-n - 1)})
            assert response.json() == {"data": {"__typename": "Query"}}
        before = rss_mib(child.pid)
        for n in range(DOCUMENTS):
            response = await client.post("/graphql", json={"query": document(n)})
            assert response.json() == {"data": {"__typename": "Query"}}
        after = rss_mib(child.pid)
    assert after - before < RSS_GROWTH_CAP_MIB, (before, after)
