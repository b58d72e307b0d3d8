"""Hive Gateway as the fuzzer's reference, restarted when an operation kills its process (Hive
Gateway 2.15.1 dies on an unhandled rejection after some subgraph errors)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import httpx

from tests.federation.hive_gateway import run_hive_gateway


class RestartableHive:
    def __init__(self, supergraph: str, directory: Path, name: str) -> None:
        self.path = directory / f"{name}-fuzz.graphql"
        self.path.write_text(supergraph)
        self.log_dir = directory
        self.name = name
        self.starts = 0
        self._running = ExitStack()
        self.client: httpx.AsyncClient | None = None

    def start(self) -> httpx.AsyncClient:
        self.starts += 1
        log = self.log_dir / f"{self.name}-fuzz-{self.starts}.log"
        url = self._running.enter_context(run_hive_gateway(self.path, log))
        self.client = httpx.AsyncClient(base_url=url, timeout=60)
        return self.client

    def restart(self) -> httpx.AsyncClient:
        self.stop()
        return self.start()

    def stop(self) -> None:
        self._running.close()
        self._running = ExitStack()
