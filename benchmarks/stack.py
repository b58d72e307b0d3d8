"""A throwaway platform for benchmarks: an ephemeral environment (own databases, Redis prefix),
the users and notifications subgraphs (or every subgraph) and the router, each in its own
process; with `pipeline=True` also the event path: `agora relay`, a Celery worker and an
SMTP sink, as `agora dev` runs them."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from agora.compose import subgraph_sdl
from agora.infra import ephemeral
from agora.infra.processes import free_port
from agora.infra.supervisor import Child, Supervisor
from router.composition import SubgraphSDL, compose

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / ".data" / "bench"
SUBGRAPHS = ("users", "notifications")
HEALTH_TIMEOUT_SECONDS = 60.0
# Each subscription event through the router costs one users `_entities` call carrying the
# subscriber's own token, so a burst of events is as fast as users answers: give it workers.
USERS_WORKERS = int(os.environ.get("BENCH_USERS_WORKERS", "2"))


@dataclass
class Stack:
    env: ephemeral.Ephemeral
    urls: dict[str, str]  # "router" and each subgraph -> base URL
    children: dict[str, Child]

    def rss_kib(self, name: str) -> int:
        """Resident memory of one service's process (VmRSS)."""
        for line in Path(f"/proc/{self.children[name].pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")


def _agora(*args: str) -> list[str]:
    return [sys.executable, "-m", "agora.cli", *args]


def _start_pipeline(supervisor: Supervisor, children: dict[str, Child], run_id: str) -> None:
    """Mail to a sink of our own, events through the relay to a worker (production flags)."""
    smtp_port = free_port()
    supervisor.env.update(AGORA_SMTP_HOST="127.0.0.1", AGORA_SMTP_PORT=str(smtp_port))
    mail = DATA_DIR / f"mail-{run_id}"
    children["smtp-sink"] = supervisor.start(
        "smtp-sink", _agora("smtp-sink", "--port", str(smtp_port), "--dir", str(mail))
    )
    children["worker"] = supervisor.start(
        "worker",
        [sys.executable, "-m", "celery", "-A", "pipeline.worker", "worker", "-l", "WARNING"],
    )
    children["relay"] = supervisor.start("relay", _agora("relay"))


@contextlib.contextmanager
def running_stack(
    router_env: dict[str, str] | None = None,
    subgraphs: Sequence[str] = SUBGRAPHS,
    pipeline: bool = False,
) -> Iterator[Stack]:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    env = ephemeral.start(DATA_DIR, label="bench")
    supervisor = Supervisor(dict(os.environ), cwd=ROOT, out=io.StringIO())
    try:
        urls: dict[str, str] = {}
        children: dict[str, Child] = {}
        for name in subgraphs:  # users first: the others verify tokens with its JWKS
            port = free_port()
            workers = str(USERS_WORKERS if name == "users" else 1)
            command = _agora("subgraph", name, "--port", str(port), "--workers", workers)
            children[name] = supervisor.start(name, command)
            urls[name] = f"http://127.0.0.1:{port}"
            supervisor.wait_healthy(children[name], f"{urls[name]}/health", HEALTH_TIMEOUT_SECONDS)
            if name == "users":
                supervisor.env["AGORA_JWKS_URL"] = f"{urls[name]}/.well-known/jwks.json"
        sources = [SubgraphSDL(n, f"{urls[n]}/graphql", subgraph_sdl(n) or "") for n in subgraphs]
        supergraph = DATA_DIR / f"supergraph-{env.run_id}.graphql"
        supergraph.write_text(compose(sources))
        port = free_port()
        supervisor.env["AGORA_ROUTER_JWKS_URL"] = supervisor.env["AGORA_JWKS_URL"]
        supervisor.env.update(router_env or {})
        children["router"] = supervisor.start(
            "router", _agora("router", "--supergraph", str(supergraph), "--port", str(port))
        )
        urls["router"] = f"http://127.0.0.1:{port}"
        supervisor.wait_healthy(
            children["router"], f"{urls['router']}/health", HEALTH_TIMEOUT_SECONDS
        )
        if pipeline:
            _start_pipeline(supervisor, children, env.run_id)
        yield Stack(env, urls, children)
    finally:
        supervisor.stop_all()
        ephemeral.stop(env, DATA_DIR)
