"""Cheap requests that once froze the router, and how fast it refuses them now.

Each attack is sent to a real `agora router` process over the committed supergraph; nothing
reaches a subgraph (each is refused before planning), so the subgraphs need not run. While
one attack after another is sent, a prober asks `/health` on the same router; its p99 is
compared with the same prober's p99 on the idle router (the baseline, same run).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import socket
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson

from agora.infra.processes import free_port
from agora.infra.supervisor import Child, Supervisor
from benchmarks.stats import percentile, ratio
from router.supergraph import Supergraph

ROOT = Path(__file__).resolve().parents[1]
SUPERGRAPH = ROOT / "schema" / "supergraph.graphql"
HEALTH_TIMEOUT_SECONDS = 60.0
IDLE_PROBES = 400


@dataclass(frozen=True)
class Attack:
    name: str
    query: str
    code: str  # what the router answers with


def _fragment_bomb(levels: int, aliased: bool) -> str:
    """Each fragment selects the one below twice, so 2**levels copies once expanded."""
    a, b = ("a: ", "b: ") if aliased else ("", "")
    fragments = ["fragment F0 on Comment { id }"] + [
        f"fragment F{i} on Comment {{ {a}parent {{ ...F{i - 1} }} {b}parent {{ ...F{i - 1} }} }}"
        for i in range(1, levels + 1)
    ]
    return f'query {{ comment(id: "1") {{ ...F{levels} }} }} ' + " ".join(fragments)


COSTLY = "COST_ESTIMATED_TOO_EXPENSIVE"
THREAD = (
    "channels(first: 100) { edges { node { posts(first: 100) { edges { node { "
    "comments(first: 100) { edges { node { replies(first: 100) { edges { node { id body "
    "} } } } } } } } } } } }"
)

ATTACKS = (
    Attack(
        "50,000 aliases of __typename",
        "{" + " ".join(f"a{i}: __typename" for i in range(50_000)) + "}",
        "MAX_TOKENS_LIMIT",
    ),
    Attack("100,000 duplicate me { id }", "{" + "me{id}" * 100_000 + "}", "MAX_TOKENS_LIMIT"),
    Attack("fragment bomb, 17 levels, aliased", _fragment_bomb(17, True), "MAX_DEPTH_LIMIT"),
    Attack("fragment bomb, 12 levels, in depth", _fragment_bomb(12, False), "MAX_FIELDS_LIMIT"),
    Attack(
        "30 x me { 30 x id } (overlap check)",
        "{ " + " ".join(["me { " + "id " * 30 + "}"] * 30) + " }",
        "VALIDATION_TOO_COMPLEX",
    ),
    Attack("nesting 1,000 levels", "{" + "a{" * 1000 + "b" + "}" * 1001, "MAX_NESTING_LIMIT"),
    Attack("33 root fields", "{ " + "__typename " * 33 + "}", "MAX_ROOT_FIELDS_LIMIT"),
    Attack("channels>posts>comments>replies x100", "{ " + THREAD + " }", COSTLY),
    Attack(
        "three aliases of that",
        "{ " + " ".join(f"t{i}: {THREAD}" for i in range(3)) + " }",
        COSTLY,
    ),
)  # fmt: skip


@contextlib.contextmanager
def attackable_router(*options: str, **env: str) -> Iterator[tuple[str, Child]]:
    """`agora router` over the committed supergraph, every subgraph pointed at a closed port."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # bound, never listening: refused, and the port stays ours
    nowhere = f"http://127.0.0.1:{closed.getsockname()[1]}/graphql"
    routing = {
        f"AGORA_{sub.name.upper()}_ROUTING_URL": nowhere
        for sub in Supergraph(SUPERGRAPH.read_text()).subgraphs.values()
    }
    supervisor = Supervisor({**os.environ, **routing, **env}, cwd=ROOT, out=io.StringIO())
    port = free_port()
    command = [sys.executable, "-m", "agora.cli", "router", "--supergraph", str(SUPERGRAPH)]
    child = supervisor.start("router", [*command, "--port", str(port), *options])
    url = f"http://127.0.0.1:{port}"
    try:
        supervisor.wait_healthy(child, f"{url}/health", HEALTH_TIMEOUT_SECONDS)
        yield url, child
    finally:
        supervisor.stop_all()
        closed.close()


def request_body(attack: Attack, variant: int = 0) -> bytes:
    """The attack as a request body. Each `variant` is a new document (a comment differs), so
    no cached refusal answers it."""
    return orjson.dumps({"query": f"{attack.query}\n# {variant}"})


async def refuse(
    client: httpx.AsyncClient, attack: Attack, variant: int = 0, body: bytes | None = None
) -> tuple[float, str]:
    """Milliseconds to the answer, and the answer's code."""
    body = body or request_body(attack, variant)
    started = time.perf_counter()
    headers = {"content-type": "application/json"}
    response = await client.post("/graphql", content=body, headers=headers)
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, response.json()["errors"][0]["extensions"]["code"]


async def probe_health(
    url: str, stop: asyncio.Event, count: int | None = None, every: float = 0.005
) -> list[float]:
    """`/health` round trips in ms until `stop` (or `count` of them), on a connection of its
    own, one every `every` seconds."""
    times: list[float] = []
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        while not stop.is_set() and (count is None or len(times) < count):
            started = time.perf_counter()
            response = await client.get("/health")
            response.raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)
    return times


async def _measure(url: str, rounds: int) -> None:
    baseline = await probe_health(url, asyncio.Event(), count=IDLE_PROBES)
    # Encoded before the prober starts: it shares this process, and only the router's delays
    # should show in its times.
    bodies = [(a, request_body(a, variant)) for variant in range(rounds) for a in ATTACKS]
    stop = asyncio.Event()
    busy = asyncio.create_task(probe_health(url, stop))
    results: dict[str, list[float]] = {}
    codes: dict[str, str] = {}
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        for attack, body in bodies:
            elapsed, codes[attack.name] = await refuse(client, attack, body=body)
            results.setdefault(attack.name, []).append(elapsed)
    stop.set()
    during = await busy

    print(f"\nAttacks on the router ({rounds} rounds of new documents; none reaches a subgraph)")
    print(f"  {'attack':<40}{'KB':>8}{'median ms':>11}{'max ms':>9}  code")
    for attack in ATTACKS:
        times = results[attack.name]
        mark = "" if codes[attack.name] == attack.code else f"  (expected {attack.code})"
        size = len(attack.query) / 1024
        print(
            f"  {attack.name:<40}{size:>8.1f}{statistics.median(times):>11.1f}"
            f"{max(times):>9.1f}  {codes[attack.name]}{mark}"
        )
    idle_p99, busy_p99 = percentile(baseline, 0.99), percentile(during, 0.99)
    print(
        f"  /health p99: idle (baseline) {idle_p99:.1f} ms over {len(baseline)} probes; "
        f"under attack {busy_p99:.1f} ms over {len(during)} probes "
        f"({ratio(busy_p99, idle_p99)} of baseline; max {max(during):.1f} ms)"
    )


def run(rounds: int = 20) -> None:
    with attackable_router() as (url, _):
        asyncio.run(_measure(url, rounds))


if __name__ == "__main__":
    run()
