"""Run the scenario: subgraphs and load on one CPU, each gateway alone on the other.

All three gateways start at once and stay up; they are measured in interleaved rounds (Agora,
Hive JS, Hive Rust, Agora, ...) so that drift in the machine's state spreads over all of them.
Before any load, each gateway answers the TestQuery once and the answers are compared.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import orjson

from agora.infra.processes import port_is_free
from agora.infra.supervisor import Child, Supervisor
from benchmarks.gateways import contenders, hive, procs, wrk
from benchmarks.gateways.contenders import Contender
from benchmarks.gateways.schemas import all_subgraphs
from benchmarks.gateways.testquery import BODY
from router.composition import SubgraphSDL, compose

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / ".data" / "bench" / "gateways"
HIVE_DIR = ROOT / ".data" / "cache" / "hive-bench"
PORTS = range(4600, 4700)  # this benchmark's share of the machine's ports
GATEWAY_CPU = 0
LOAD_CPU = 1  # subgraphs, wrk and this process
HEALTH_TIMEOUT_SECONDS = 90.0
LEAD_SECONDS = 2  # from wrk's start to the window: connections open, queues fill
TAIL_SECONDS = 1  # from the window's end to wrk's end


# What is measured: (the supergraph file, one port each, the environment) -> the contenders.
Lineup = Callable[[Path, list[int], dict[str, str]], list[Contender]]


@dataclass(frozen=True)
class Settings:
    seconds: int
    rounds: int
    warmup_seconds: int
    dedup: str


@dataclass
class Check:
    """One TestQuery through one gateway, before any load."""

    body: bytes
    fetches: dict[str, int]
    error: str | None


@dataclass
class Window:
    counted: int
    seconds: float
    gateway_cpu: float
    subgraph_cpu: float
    idle_gateways_cpu: float
    foreign_cpu: float  # CPU 0 busy with processes other than the gateways
    fetches: int
    rss_mib: float
    load: wrk.WrkResult


@dataclass
class Outcome:
    contender: Contender
    check: Check
    warmup: wrk.WrkResult | None = None
    windows: list[Window] = field(default_factory=list)


@dataclass
class Report:
    settings: Settings
    loadavg_before: str
    loadavg_after: str
    outcomes: list[Outcome]
    reference: bytes  # the TestQuery response the others are compared with
    elapsed_seconds: float


def _ports(count: int) -> list[int]:
    free = [port for port in PORTS if port_is_free(port)]
    if len(free) < count:
        raise RuntimeError(f"fewer than {count} free ports in {PORTS.start}-{PORTS.stop - 1}")
    return free[:count]


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _wait_until(instant: float) -> None:
    # A timer to a wall-clock instant (the window edges), not a wait for a server.
    while (left := instant - time.time()) > 0:
        threading.Event().wait(left)


@contextlib.contextmanager
def _pinned_to(cpu: int) -> Iterator[None]:
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {cpu})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def three_gateways(settings: Settings) -> tuple[int, Lineup]:
    """Agora, Hive Gateway with its JS planner and with the Rust one: (how many, lineup)."""

    def lineup(supergraph: Path, ports: list[int], env: dict[str, str]) -> list[Contender]:
        dedup = settings.dedup
        return [
            contenders.agora(supergraph, ports[0], GATEWAY_CPU, dedup, env),
            contenders.hive_gateway(HIVE_DIR, supergraph, ports[1], GATEWAY_CPU, dedup, False, env),
            contenders.hive_gateway(HIVE_DIR, supergraph, ports[2], GATEWAY_CPU, dedup, True, env),
        ]

    return 3, lineup


class _Scenario:
    def __init__(
        self,
        settings: Settings,
        supervisor: Supervisor,
        http: httpx.Client,
        lineup: tuple[int, Lineup],
    ):
        self.settings = settings
        self.lineup = lineup
        self.supervisor = supervisor
        self.http = http
        self.script = wrk.write_script(DATA_DIR / "testquery.lua")
        self.subgraphs: Child | None = None
        self.subgraphs_url = ""
        self.children: dict[str, Child] = {}
        self.urls: dict[str, str] = {}

    def start(self) -> list[Contender]:
        count, build = self.lineup
        subgraph_port, *gateway_ports = _ports(1 + count)
        self.subgraphs_url = f"http://127.0.0.1:{subgraph_port}"
        command = ["-m", "benchmarks.gateways.subgraphs", "--port", str(subgraph_port)]
        self.subgraphs = self._start(
            "subgraphs",
            ["taskset", "-c", str(LOAD_CPU), sys.executable, *command],
            dict(os.environ),
            "/health",
            self.subgraphs_url,
        )
        supergraph = DATA_DIR / "supergraph.graphql"
        sources = [
            SubgraphSDL(s.name, f"{self.subgraphs_url}/{s.name}", s.sdl) for s in all_subgraphs()
        ]
        supergraph.write_text(compose(sources))
        gateways = build(supergraph, gateway_ports, dict(os.environ))
        for gateway, port in zip(gateways, gateway_ports, strict=True):
            url = f"http://127.0.0.1:{port}"
            self.children[gateway.key] = self._start(
                gateway.key, gateway.command, gateway.env, gateway.health_path, url
            )
            self.urls[gateway.key] = url
        return gateways

    def _start(
        self, name: str, command: list[str], env: dict[str, str], health: str, url: str
    ) -> Child:
        self.supervisor.env = env  # the supervisor starts each child with its current env
        child = self.supervisor.start(name, command)
        self.supervisor.wait_healthy(child, f"{url}{health}", HEALTH_TIMEOUT_SECONDS)
        return child

    def fetch_counts(self) -> dict[str, int]:
        counts: dict[str, int] = orjson.loads(self.http.get(f"{self.subgraphs_url}/stats").content)
        return counts

    def check(self, key: str) -> Check:
        before = self.fetch_counts()
        response = self.http.post(
            f"{self.urls[key]}/graphql",
            content=BODY,
            headers={"content-type": "application/json"},
        )
        after = self.fetch_counts()
        fetches = {name: after[name] - before[name] for name in after}
        error = None
        if response.status_code != 200:
            error = f"HTTP {response.status_code}: {response.text[:2000]}"
        else:
            try:
                errors = orjson.loads(response.content).get("errors")
            except orjson.JSONDecodeError as exc:
                errors = f"not JSON: {exc}"
            if errors:
                error = orjson.dumps(errors).decode()[:2000]
        return Check(response.content, fetches, error)

    def load(self, key: str, seconds: int, expected_length: int) -> Window:
        start = time.time()
        window = (math.ceil(start) + LEAD_SECONDS, math.ceil(start) + LEAD_SECONDS + seconds)
        duration = math.ceil(window[1] + TAIL_SECONDS - start)
        url = f"{self.urls[key]}/graphql"
        process = wrk.start(self.script, url, duration, window, expected_length, LOAD_CPU)
        try:
            _wait_until(window[0])
            first = self._sample()
            _wait_until(window[1])
            last = self._sample()
        finally:
            result = wrk.finish(process)
        cpu = {name: procs.cpu_used(first[0][name], last[0][name]) for name in first[0]}
        fetches = sum(last[1].values()) - sum(first[1].values())
        gateways_cpu = sum(v for k, v in cpu.items() if k != "subgraphs")
        return Window(
            counted=result.counted,
            seconds=last[2] - first[2],
            gateway_cpu=cpu[key],
            subgraph_cpu=cpu["subgraphs"],
            idle_gateways_cpu=gateways_cpu - cpu[key],
            foreign_cpu=max(0.0, last[3] - first[3] - gateways_cpu),
            fetches=fetches,
            rss_mib=procs.rss_mib(self.children[key].pid),
            load=result,
        )

    def _sample(self) -> tuple[dict[str, dict[int, float]], dict[str, int], float, float]:
        assert self.subgraphs is not None
        moment = time.time()
        cpu = {name: procs.cpu_seconds(child.pid) for name, child in self.children.items()}
        cpu["subgraphs"] = procs.cpu_seconds(self.subgraphs.pid)
        return cpu, self.fetch_counts(), moment, procs.cpu_busy_seconds(GATEWAY_CPU)


def preflight(tools: tuple[str, ...] = ("node", "npm", "taskset")) -> None:
    """Fail with a clear message on what this machine lacks, before anything starts."""
    wrk.executable()
    for tool in tools:
        if shutil.which(tool) is None:
            raise SystemExit(f"The gateways benchmark needs {tool} on PATH.")
    if not {GATEWAY_CPU, LOAD_CPU} <= os.sched_getaffinity(0):
        raise SystemExit(f"The gateways benchmark needs CPUs {GATEWAY_CPU} and {LOAD_CPU}.")


def run(
    settings: Settings, say: Callable[[str], None], lineup: tuple[int, Lineup] | None = None
) -> Report:
    """The scenario over `lineup` (default: the three gateways)."""
    started = time.monotonic()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    if lineup is None:
        preflight()
        say(f"gateways: installing Hive Gateway into {HIVE_DIR} if needed ...")
        hive.ensure_installed(HIVE_DIR)
        lineup = three_gateways(settings)
    else:
        preflight(("taskset",))
    loadavg_before = _loadavg()
    log = (DATA_DIR / "processes.log").open("w")
    supervisor = Supervisor(dict(os.environ), cwd=ROOT, out=log)
    with _pinned_to(LOAD_CPU), log, httpx.Client(timeout=60) as http:
        scenario = _Scenario(settings, supervisor, http, lineup)
        try:
            gateways = scenario.start()
            outcomes = [Outcome(g, scenario.check(g.key)) for g in gateways]
            runnable = [o for o in outcomes if o.check.error is None]
            reference = (runnable or outcomes)[0].check.body  # Agora's unless it failed
            for outcome in runnable:
                say(f"gateways: warming up {outcome.contender.label} ...")
                length = len(outcome.check.body)
                outcome.warmup = scenario.load(
                    outcome.contender.key, settings.warmup_seconds, length
                ).load
            for number in range(settings.rounds):
                say(f"gateways: round {number + 1} of {settings.rounds} ...")
                for outcome in runnable:
                    length = len(outcome.check.body)
                    window = scenario.load(outcome.contender.key, settings.seconds, length)
                    outcome.windows.append(window)
        finally:
            supervisor.stop_all()
    return Report(
        settings,
        loadavg_before,
        _loadavg(),
        outcomes,
        reference,
        time.monotonic() - started,
    )
