"""`agora dev`: every service of Agora on this machine, stopped together on Ctrl-C.

PostgreSQL and Redis come from the environment, else the local servers, else embedded ones
under the data directory (`.data/`, or `AGORA_DATA_DIR`). Then: one database per subgraph, a
dev JWT signing key, migrations, the subgraphs, the router and a Celery worker — each service
that exists in this checkout. Services are one table (`SERVICES`): add a row to add one.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit, urlunsplit

from agora.infra.postgres import (
    EmbeddedPostgres,
    create_database,
    database_url,
    postgres_answers,
)
from agora.infra.processes import InfraError, port_is_free
from agora.infra.redis import EmbeddedRedis, redis_answers
from agora.infra.routing import with_routing_urls
from agora.infra.services import resolve_postgres, resolve_redis
from agora.infra.supervisor import ChildExited, Interrupted, Supervisor
from agora.subgraphs import SUBGRAPH_PORTS

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SUPERGRAPH = Path("schema") / "supergraph.graphql"
ROUTER_PORT = 8080
SMTP_SINK_PORT = 1025
RESTART_DELAYS = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0)  # seconds before each restart of a crashed child
STABLE_SECONDS = 60.0  # a child up this long starts its back-off again from the first delay


@dataclass(frozen=True)
class Service:
    """One long-running process of `agora dev`.

    `command` may contain `{python}`, `{port}`, `{supergraph}` and `{data_dir}`. Services
    start stage by stage: every service of a stage is healthy before the next stage starts.
    """

    name: str
    command: tuple[str, ...]
    present: Callable[[Path], bool]
    port: int | None = None
    stage: int = 0
    health_path: str | None = "/health"
    links: tuple[tuple[str, str], ...] = ()  # (label, path) shown in the table

    def argv(
        self, port_offset: int, supergraph: Path = SUPERGRAPH, data_dir: Path = Path(".data")
    ) -> list[str]:
        port = "" if self.port is None else str(self.port + port_offset)
        values = {
            "python": sys.executable,
            "port": port,
            "supergraph": str(supergraph),
            "data_dir": str(data_dir),
        }
        return [part.format(**values) for part in self.command]

    def url(self, path: str, port_offset: int) -> str:
        assert self.port is not None
        return f"http://127.0.0.1:{self.port + port_offset}{path}"


def _subgraph_present(name: str) -> Callable[[Path], bool]:
    return lambda root: (root / "subgraphs" / name / "app.py").is_file()


def _smtp_sink_present(root: Path) -> bool:
    return "AGORA_SMTP_HOST" not in os.environ and _module_present("agora.smtp_sink")(root)


def _module_present(module: str) -> Callable[[Path], bool]:
    def present(root: Path) -> bool:
        relative = Path(*module.split("."))
        return (root / relative.with_suffix(".py")).is_file() or (
            root / relative / "__init__.py"
        ).is_file()

    return present


AGORA = ("{python}", "-m", "agora.cli")

SERVICES: tuple[Service, ...] = (
    *(
        Service(
            name,
            (*AGORA, "subgraph", name, "--port", "{port}"),
            _subgraph_present(name),
            port=port,
            links=(("GraphQL", "/graphql"),),
        )
        for name, port in SUBGRAPH_PORTS.items()
    ),
    Service(
        "router",
        (*AGORA, "router", "--supergraph", "{supergraph}", "--port", "{port}"),
        lambda root: (root / SUPERGRAPH).is_file(),
        port=ROUTER_PORT,
        stage=1,
        links=(("GraphQL + GraphiQL", "/graphql"), ("ready", "/ready")),
    ),
    Service(
        "worker",
        (
            "{python}",
            "-m",
            "celery",
            "--quiet",
            "-A",
            "pipeline.worker",
            "worker",
            "--loglevel",
            "INFO",
        ),
        _module_present("pipeline.worker"),
        stage=1,
        health_path=None,
    ),
    # Periodic tasks (the 90-day notification cleanup), as compose and Kubernetes run them.
    Service(
        "beat",
        (
            *(
                "{python}",
                "-m",
                "celery",
                "--quiet",
                "-A",
                "pipeline.worker",
                "beat",
                "--loglevel",
                "INFO",
            ),
            *("--schedule", "{data_dir}/celerybeat-schedule"),
        ),
        _module_present("pipeline.worker"),
        stage=1,
        health_path=None,
    ),
    # Outbox rows of every subgraph database -> Celery tasks for the worker.
    Service(
        "relay", (*AGORA, "relay"), _module_present("pipeline.relay"), stage=1, health_path=None
    ),
    # Mail goes to a local sink (files in <data dir>/mail/) unless a real SMTP server is
    # configured; its port moves with --port-offset like every other.
    Service(
        "smtp-sink",
        (*AGORA, "smtp-sink", "--port", "{port}"),
        _smtp_sink_present,
        port=SMTP_SINK_PORT,
        health_path=None,
    ),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="where embedded servers and dev secrets live (default: $AGORA_DATA_DIR or .data/)",
    )
    parser.add_argument(
        "--port-offset",
        type=int,
        default=0,
        help="add this to every service port (run a second stack beside the first)",
    )
    parser.add_argument("--health-timeout", type=float, default=60.0)
    parser.add_argument(
        "--seed",
        nargs="?",
        const="small",
        choices=("small", "medium", "large"),
        help="write demo data (agora seed) before the services start; what exists is kept, "
        "so later starts add nothing (default size: small)",
    )


def run(args: argparse.Namespace) -> int:
    began = time.monotonic()
    root = PROJECT_ROOT
    data_dir = (
        args.data_dir or Path(os.environ.get("AGORA_DATA_DIR") or root / ".data")
    ).absolute()
    services = [service for service in SERVICES if service.present(root)]
    busy = [
        service.port + args.port_offset
        for service in services
        if service.port is not None and not port_is_free(service.port + args.port_offset)
    ]
    if busy:
        print(
            f"agora dev: port(s) {busy} already in use (another `agora dev`? run this one with "
            "--port-offset N to move every port by N)",
            file=sys.stderr,
        )
        return 1

    stopping = threading.Event()
    try:
        with (
            _stop_on_signals(stopping),
            _infrastructure(data_dir) as (postgres_url, redis_url, notes),
        ):
            env = _child_environment(root, data_dir, postgres_url, redis_url, args.port_offset)
            # Children die with this process, even if it is killed (SIGKILL).
            supervisor = Supervisor(env, cwd=root, stopping=stopping, die_with_parent=True)
            supergraph = _routed_supergraph(root, data_dir, args.port_offset)
            backing = [postgres_url, redis_url]
            try:
                dev_run = Run(
                    args.port_offset, supergraph, data_dir, args.health_timeout, began, args.seed
                )
                return _serve(supervisor, services, dev_run, backing, notes)
            finally:
                supervisor.stop_all()
    except InfraError as error:  # PostgreSQL or Redis could not be started or reached
        print(f"agora dev: {error}", file=sys.stderr)
        return 1


@dataclass(frozen=True)
class Run:
    port_offset: int
    supergraph: Path
    data_dir: Path
    health_timeout: float
    began: float  # time.monotonic() when the command started
    seed: str | None = None  # the `agora seed` size to write first, if any


def _serve(
    supervisor: Supervisor,
    services: list[Service],
    run: Run,
    backing: list[str],
    notes: list[str],
) -> int:
    try:
        if _module_present("agora.migrate")(supervisor.cwd):
            code = supervisor.run_to_completion("migrate", [*_agora_argv(), "migrate"])
            if code != 0:
                supervisor.say(f"agora dev: migrations failed ({code}); stopping")
                return 1
        if run.seed is not None:
            command = [*_agora_argv(), "seed", "--size", run.seed]
            code = supervisor.run_to_completion("seed", command)
            if code != 0:
                supervisor.say(f"agora dev: seeding failed ({code}); starting without all of it")
        for stage in sorted({service.stage for service in services}):
            started = [
                (
                    service,
                    supervisor.start(
                        service.name, service.argv(run.port_offset, run.supergraph, run.data_dir)
                    ),
                )
                for service in services
                if service.stage == stage
            ]
            for service, child in started:
                if service.health_path is not None:
                    health = service.url(service.health_path, run.port_offset)
                    supervisor.wait_healthy(child, health, run.health_timeout)
    except ChildExited as exited:  # before the stack is up: a broken setup, not a crash
        supervisor.say(f"agora dev: {exited}; stopping everything")
        return 1
    except Interrupted:
        return 0
    except InfraError as error:
        supervisor.say(f"agora dev: {error}; stopping everything")
        return 1

    supervisor.say(_table(services, run.port_offset, backing, notes))
    if run.seed is not None:
        from agora.seed.command import demo_accounts_text

        supervisor.say(demo_accounts_text())
    supervisor.say(f"agora dev: ready in {time.monotonic() - run.began:.1f} s")
    _keep_running(supervisor)
    supervisor.say("agora dev: stopping")
    return 0


def _keep_running(supervisor: Supervisor) -> None:
    """Until asked to stop: a child that exits is reported and started again, after a delay
    that grows while it keeps crashing (RESTART_DELAYS) and resets once it stays up."""
    crashes: dict[str, int] = {}
    started_at = {child.name: time.monotonic() for child in supervisor.children}
    while (exited := supervisor.watch()) is not None:
        name = exited.name
        if time.monotonic() - started_at.get(name, 0.0) >= STABLE_SECONDS:
            crashes[name] = 0
        count = crashes.get(name, 0)
        delay = RESTART_DELAYS[min(count, len(RESTART_DELAYS) - 1)]
        crashes[name] = count + 1
        supervisor.say(
            f"agora dev: {name} exited unexpectedly with code {exited.returncode}; "
            f"restarting it in {delay:g} s (restart {count + 1})"
        )
        if supervisor.stopping.wait(delay):
            return
        supervisor.restart(exited)
        started_at[name] = time.monotonic()


def _routed_supergraph(root: Path, data_dir: Path, port_offset: int) -> Path:
    """The supergraph file for the router: the committed one, or a copy with moved ports."""
    if port_offset == 0 or not (root / SUPERGRAPH).is_file():
        return SUPERGRAPH
    urls = {
        name: f"http://127.0.0.1:{port + port_offset}/graphql"
        for name, port in SUBGRAPH_PORTS.items()
    }
    routed = data_dir / f"supergraph-offset-{port_offset}.graphql"
    routed.write_text(with_routing_urls((root / SUPERGRAPH).read_text(), urls))
    return routed


def _agora_argv() -> list[str]:
    return [part.format(python=sys.executable) for part in AGORA]


def _table(services: list[Service], offset: int, backing: list[str], notes: list[str]) -> str:
    rows: list[tuple[str, str]] = []
    for service in services:
        if service.port is None:
            rows.append((service.name, "running"))
        elif not service.links:
            rows.append((service.name, f"127.0.0.1:{service.port + offset}"))
        for label, path in service.links:
            rows.append((service.name, f"{service.url(path, offset)}  ({label})"))
    rows.append(("postgres", f"{backing[0]}  {notes[0]}"))
    rows.append(("redis", f"{backing[1]}  {notes[1]}"))
    width = max(len(name) for name, _ in rows)
    lines = [f"  {name:<{width}}  {value}" for name, value in rows]
    return "\n".join(["", "Agora is running (Ctrl-C stops everything):", *lines, ""])


@contextmanager
def _infrastructure(data_dir: Path) -> Iterator[tuple[str, str, list[str]]]:
    """PostgreSQL and Redis URLs for the run; embedded servers are stopped afterwards."""
    embedded: list[EmbeddedPostgres | EmbeddedRedis] = []
    try:
        postgres_url, postgres = resolve_postgres(data_dir)
        if postgres is not None:
            embedded.append(postgres)
        # An append-only file: queued tasks survive a crash of the dev Redis (the relay's
        # reconciler re-sends what the last unsynced second lost).
        redis_url, redis = resolve_redis(data_dir, append_only=True)
        if redis is not None:
            embedded.append(redis)
        # A configured URL is taken on trust by resolve_*: say plainly if it is wrong.
        if not postgres_answers(postgres_url):
            raise InfraError(f"PostgreSQL does not answer at {_without_password(postgres_url)}")
        if not redis_answers(redis_url):
            raise InfraError(f"Redis does not answer at {_without_password(redis_url)}")
        notes = [
            f"(embedded, {server.data_dir})" if server is not None else "(external)"
            for server in (postgres, redis)
        ]
        yield postgres_url, redis_url, notes
    finally:
        for server in reversed(embedded):
            server.stop(force=True)  # the data directory is ours: so is whatever runs from it


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")))


def _child_environment(
    root: Path, data_dir: Path, postgres_url: str, redis_url: str, port_offset: int
) -> dict[str, str]:
    env = dict(os.environ)
    for name in SUBGRAPH_PORTS:
        if not _subgraph_present(name)(root):
            continue
        variable = f"AGORA_{name.upper()}_DATABASE_URL"
        if variable not in env:  # an explicitly configured database wins
            create_database(postgres_url, f"agora_{name}")
            env[variable] = database_url(postgres_url, f"agora_{name}")
    users_port = SUBGRAPH_PORTS["users"] + port_offset
    env.update(
        AGORA_REDIS_URL=redis_url,
        AGORA_JWT_PRIVATE_KEY_FILE=str(ensure_jwt_key(data_dir)),
        AGORA_JWKS_URL=f"http://127.0.0.1:{users_port}/.well-known/jwks.json",
        AGORA_DATA_DIR=str(data_dir),
        PYTHONUNBUFFERED="1",
    )
    if _smtp_sink_present(root):  # the worker mails the sink this run starts
        env.update(AGORA_SMTP_HOST="127.0.0.1", AGORA_SMTP_PORT=str(SMTP_SINK_PORT + port_offset))
    if not (env.get("AGORA_ROUTER_SECRET") or env.get("AGORA_ROUTER_SECRET_FILE")):
        # The router signs each client's IP for the subgraphs (login throttling per client).
        env["AGORA_ROUTER_SECRET_FILE"] = str(ensure_router_secret(data_dir))
    # The router's edge: check tokens against the users subgraph, limit request rates.
    env.setdefault("AGORA_ROUTER_JWKS_URL", env["AGORA_JWKS_URL"])
    env.setdefault("AGORA_ROUTER_RATE_LIMIT", "600")
    # Development: the schema may be explored (production leaves both off).
    env.setdefault("AGORA_ROUTER_INTROSPECTION", "true")
    env.setdefault("AGORA_ROUTER_GRAPHIQL", "true")
    # GraphiQL's plan view: plans only for requests that ask (router.query_plans).
    env.setdefault("AGORA_ROUTER_EXPOSE_QUERY_PLANS", "true")
    return env


def ensure_jwt_key(data_dir: Path) -> Path:
    """The dev Ed25519 signing key (PEM, mode 0600), generated on first use; never committed."""
    from subgraphs.kit.keys import write_new_key

    secrets = data_dir / "secrets"
    secrets.mkdir(mode=0o700, parents=True, exist_ok=True)
    key_file = secrets / "jwt_private.pem"
    if not key_file.exists():
        write_new_key(key_file)
    key_file.chmod(0o600)
    return key_file


def ensure_router_secret(data_dir: Path) -> Path:
    """The dev secret router and subgraphs share (mode 0600), generated once; never committed."""
    import secrets

    directory = data_dir / "secrets"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    secret_file = directory / "router_secret"
    if not secret_file.exists():
        descriptor = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(48) + "\n")
    secret_file.chmod(0o600)
    return secret_file


@contextmanager
def _stop_on_signals(stopping: threading.Event) -> Iterator[None]:
    def request_stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
