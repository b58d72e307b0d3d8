"""Services as separate processes (`agora subgraph`, `agora router`), for tests about replicas
and faults: what runs in threads elsewhere runs here exactly as it does in production."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from agora.compose import subgraph_sdl
from agora.infra.processes import free_port
from agora.infra.supervisor import Child, Supervisor
from router.composition import SubgraphSDL, compose
from tests.support.environment import REPO_ROOT

HEALTH_TIMEOUT_SECONDS = 60.0


class Processes:
    def __init__(self, workdir: Path, **env: str) -> None:
        self.workdir = workdir
        self.output = io.StringIO()
        self.supervisor = Supervisor({**os.environ, **env}, cwd=REPO_ROOT, out=self.output)
        # the latest started under each name
        self.children: dict[str, Child] = {}
        self.urls: dict[str, str] = {}

    def _start(self, name: str, *args: str) -> tuple[Child, str]:
        port = free_port()
        command = [sys.executable, "-m", "agora.cli", *args, "--port", str(port)]
        child = self.supervisor.start(name, command)
        url = f"http://127.0.0.1:{port}"
        self.supervisor.wait_healthy(child, f"{url}/health", HEALTH_TIMEOUT_SECONDS)
        self.children[name], self.urls[name] = child, url
        return child, url

    def subgraph(self, name: str, *options: str) -> str:
        return self._start(name, "subgraph", name, *options)[1]

    def router(self, subgraph_urls: dict[str, str], *options: str) -> str:
        """A router over just these subgraphs (name -> base URL)."""
        sources = [
            SubgraphSDL(n, f"{u}/graphql", subgraph_sdl(n) or "") for n, u in subgraph_urls.items()
        ]
        supergraph = self.workdir / f"supergraph-{free_port()}.graphql"
        supergraph.write_text(compose(sources))
        return self._start("router", "router", "--supergraph", str(supergraph), *options)[1]

    def router_over(self, supergraph: Path, *options: str) -> str:
        """A router over a supergraph file (e.g. a fixture set's)."""
        return self._start("router", "router", "--supergraph", str(supergraph), *options)[1]

    def stop(self) -> None:
        self.supervisor.stop_all()
