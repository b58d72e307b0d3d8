"""The three gateways under test, as commands for one process pinned to one CPU.

Every one serves the same supergraph file. Hive Gateway de-duplicates identical subgraph requests
in flight by default; the `dedup` setting makes all three do the same thing:
"subgraph" (default: Hive's default, Agora's `--deduplicate-subgraph-queries`), "none", or "all"
(also identical client requests in flight, as the upstream benchmark configures Hive).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from benchmarks.gateways import hive
from router.cost import MAX_COST_VARIABLE

DEDUP_MODES = ("subgraph", "none", "all")
TEST_QUERY_BUDGET = 50_000  # Agora's demand control budget here (see `agora`)


@dataclass(frozen=True)
class Contender:
    key: str
    label: str
    command: list[str]
    env: dict[str, str]
    health_path: str


def _pinned(cpu: int, command: list[str]) -> list[str]:
    return ["taskset", "-c", str(cpu), *command]


def agora(
    supergraph: Path,
    port: int,
    cpu: int,
    dedup: str,
    base_env: Mapping[str, str],
    *,
    key: str = "agora",
    label: str = "Agora router",
    options: tuple[str, ...] = (),
    extra_env: Mapping[str, str] | None = None,
) -> Contender:
    # Options come only from this command line, not from AGORA_ROUTER_* or OTEL_* left in the
    # shell.
    env = {k: v for k, v in base_env.items() if not k.startswith(("AGORA_", "OTEL_"))}
    env.update(extra_env or {})
    # Demand control stays on, with a budget the TestQuery fits: the benchmark's schemas have
    # no @listSize, so each of its lists counts the default 10 and it estimates 24,420.
    env[MAX_COST_VARIABLE] = str(TEST_QUERY_BUDGET)
    command = [sys.executable, "-m", "agora.cli", "router", "--supergraph", str(supergraph)]
    command += ["--host", "127.0.0.1", "--port", str(port)]  # one process by default
    if dedup in ("subgraph", "all"):
        command.append("--deduplicate-subgraph-queries")
    if dedup == "all":
        command.append("--deduplicate-client-queries")
    command += options
    return Contender(key, label, _pinned(cpu, command), env, "/health")


def hive_gateway(
    directory: Path,
    supergraph: Path,
    port: int,
    cpu: int,
    dedup: str,
    rust_planner: bool,
    base_env: Mapping[str, str],
) -> Contender:
    binary = hive.ensure_installed(directory)
    config = hive.write_config(
        directory,
        rust_planner=rust_planner,
        subgraph_dedup=dedup in ("subgraph", "all"),
        inbound_dedup=dedup == "all",
    )
    # --jit for the JS planner only, as the upstream benchmark runs each of them.
    command = hive.command(binary, supergraph, config, port, jit=not rust_planner)
    env = hive.environment(directory, base_env)
    if rust_planner:
        return Contender(
            "hive-rust", "Hive GW (Rust QP)", _pinned(cpu, command), env, "/healthcheck"
        )
    return Contender("hive-js", "Hive GW (JS QP)", _pinned(cpu, command), env, "/healthcheck")
