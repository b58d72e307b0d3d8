"""Hive Gateway from npm, with its JavaScript query planner or with Hive Router's Rust planner.

Installed on first use into `.data/cache/hive-bench` from a pinned package.json (`npm install`
again only when the pins change). The Rust planner comes from `@graphql-hive/router-runtime`,
enabled by the documented config-file route (`unifiedGraphHandler`): a failed import stops the
gateway instead of silently falling back to the JS planner, as `--hive-router-runtime` would.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
from collections.abc import Mapping
from pathlib import Path

GATEWAY_VERSION = "2.15.1"
ROUTER_RUNTIME_VERSION = "1.4.23"
GRAPHQL_VERSION = "16.12.0"
PACKAGE_JSON = {
    "private": True,
    "dependencies": {
        "@graphql-hive/gateway": GATEWAY_VERSION,
        "@graphql-hive/router-runtime": ROUTER_RUNTIME_VERSION,
        "graphql": GRAPHQL_VERSION,
    },
}
INSTALL_TIMEOUT_SECONDS = 600
# Node 20 has no Promise.withResolvers (Node 22 does); the gateway's dependencies use it.
POLYFILL = """\
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve, reject;
    const promise = new this((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
"""
# Variables the CLI reads that would change what is measured if inherited from the shell.
_CLI_VARIABLES = ("FORK", "HIVE_ROUTER_RUNTIME", "JIT", "CONFIG_PATH", "PORT", "HOST", "POLLING")


def ensure_installed(directory: Path) -> Path:
    """The hive-gateway executable in `directory`, running `npm install` first if needed."""
    directory.mkdir(parents=True, exist_ok=True)
    wanted = json.dumps(PACKAGE_JSON, indent=2) + "\n"
    stamp = directory / "node_modules" / ".bench-installed"
    binary = directory / "node_modules" / ".bin" / "hive-gateway"
    with (directory / "install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two benchmark runs must not run npm here together
        (directory / "polyfill.cjs").write_text(POLYFILL)
        if binary.exists() and stamp.is_file() and stamp.read_text() == wanted:
            return binary
        (directory / "package.json").write_text(wanted)
        installed = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=directory,
            timeout=INSTALL_TIMEOUT_SECONDS,
            capture_output=True,
            text=True,
        )
        if installed.returncode != 0:
            raise RuntimeError(f"npm install in {directory} failed:\n{installed.stderr}")
        stamp.write_text(wanted)
    return binary


def write_config(
    directory: Path, rust_planner: bool, subgraph_dedup: bool, inbound_dedup: bool
) -> Path:
    """A gateway config module next to node_modules (so its imports resolve there)."""
    options = {
        # Hive's HTTP executor shares identical subgraph requests in flight unless told not to.
        "transportEntries": {
            "*.http": {"options": {"deduplicateInflightRequests": subgraph_dedup}}
        },
        "inboundInflightRequestDeduplication": inbound_dedup,
    }
    text = f"export const gatewayConfig = {json.dumps(options)};\n"
    name = f"gateway-{'rust' if rust_planner else 'js'}-{int(subgraph_dedup)}{int(inbound_dedup)}"
    if rust_planner:
        text = (
            'import { unifiedGraphHandler } from "@graphql-hive/router-runtime";\n'
            f"export const gatewayConfig = {{ ...{json.dumps(options)}, unifiedGraphHandler }};\n"
        )
    path = directory / f"{name}.mjs"
    path.write_text(text)
    return path


def command(binary: Path, supergraph: Path, config: Path, port: int, jit: bool) -> list[str]:
    # --fork 1: one process (the default, said explicitly: production setups fork per core).
    args = [
        str(binary),
        "supergraph",
        str(supergraph),
        "--config-path",
        str(config),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--fork",
        "1",
    ]
    return [*args, "--jit"] if jit else args


def environment(directory: Path, base: Mapping[str, str]) -> dict[str, str]:
    env = {name: value for name, value in base.items() if name not in _CLI_VARIABLES}
    env["NODE_ENV"] = "production"  # as the benchmark runs it
    env["NODE_OPTIONS"] = f"--require {directory / 'polyfill.cjs'}"
    return env
