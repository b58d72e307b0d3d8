"""`agora router --supergraph FILE [--host 127.0.0.1] [--port 4000] [--workers N]`.

Serves any supergraph file. Subgraph URLs can be moved with `AGORA_<NAME>_ROUTING_URL` (e.g. in
containers) and a subgraph given its own timeout with `AGORA_<NAME>_TIMEOUT`; the edge
duties (JWT check, rate limits, CORS) are configured by
`AGORA_ROUTER_*` variables (router.edge.settings) and are off when unset.

Every option has an `AGORA_ROUTER_*` variable. The command writes the options it was given
into those variables and hands uvicorn an import string, so with `--workers N` each worker
process builds the same app from the environment (`app_from_environment`).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from starlette.types import ASGIApp

ROUTING_URL_SUFFIX = "_ROUTING_URL"
SUPERGRAPH = "AGORA_ROUTER_SUPERGRAPH"
WORKERS = "AGORA_ROUTER_WORKERS"
SUBGRAPH_TIMEOUT = "AGORA_ROUTER_SUBGRAPH_TIMEOUT"
DEDUPLICATE_SUBGRAPH = "AGORA_ROUTER_DEDUPLICATE_SUBGRAPH_QUERIES"
DEDUPLICATE_CLIENT = "AGORA_ROUTER_DEDUPLICATE_CLIENT_QUERIES"
LOG_LEVEL = "AGORA_ROUTER_LOG_LEVEL"
SHARED_LOG_LEVEL = "AGORA_LOG_LEVEL"  # what every other Agora process reads
INTROSPECTION = "AGORA_ROUTER_INTROSPECTION"
GRAPHIQL = "AGORA_ROUTER_GRAPHIQL"
MAX_BODY_BYTES = "AGORA_ROUTER_MAX_BODY_BYTES"
SUBGRAPH_CACHE_MB = "AGORA_ROUTER_SUBGRAPH_CACHE_MB"
METRICS = "AGORA_ROUTER_METRICS"
EXPOSE_QUERY_PLANS = "AGORA_ROUTER_EXPOSE_QUERY_PLANS"
DEFAULT_SUBGRAPH_CACHE_MB = 16.0
TRUE = ("1", "true", "yes", "on")


def _flag(name: str, environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get(name, "").strip().lower() in TRUE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    env = os.environ
    parser.add_argument(
        "--supergraph",
        default=env.get(SUPERGRAPH),
        required=not env.get(SUPERGRAPH),
        help=f"supergraph SDL file (${SUPERGRAPH})",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4000)
    parser.add_argument(
        "--workers",
        type=int,
        default=int(env.get(WORKERS, "1")),
        help=f"worker processes sharing the port (${WORKERS}, default 1)",
    )
    parser.add_argument(
        "--subgraph-timeout",
        type=float,
        default=float(env.get(SUBGRAPH_TIMEOUT, "30")),
        help=f"seconds (${SUBGRAPH_TIMEOUT})",
    )
    parser.add_argument(
        "--deduplicate-subgraph-queries",
        action="store_true",
        default=_flag(DEDUPLICATE_SUBGRAPH),
        help=f"identical subgraph queries in flight share one call (${DEDUPLICATE_SUBGRAPH})",
    )
    parser.add_argument(
        "--deduplicate-client-queries",
        action="store_true",
        default=_flag(DEDUPLICATE_CLIENT),
        help=f"identical client queries in flight share one execution (${DEDUPLICATE_CLIENT})",
    )
    parser.add_argument(
        "--subgraph-cache-mb",
        type=float,
        default=env.get(SUBGRAPH_CACHE_MB) or str(DEFAULT_SUBGRAPH_CACHE_MB),  # parsed by type
        help=f"memory for subgraph answers marked Cache-Control: public; 0 turns it off "
        f"(${SUBGRAPH_CACHE_MB}, default {DEFAULT_SUBGRAPH_CACHE_MB:g})",
    )
    parser.add_argument(
        "--introspection",
        action=argparse.BooleanOptionalAction,
        default=_flag(INTROSPECTION),
        help=f"answer __schema and __type (${INTROSPECTION}; off unless set)",
    )
    parser.add_argument(
        "--graphiql",
        action=argparse.BooleanOptionalAction,
        default=_flag(GRAPHIQL),
        help=f"serve GraphiQL to browsers at /graphql (${GRAPHIQL}; off unless set)",
    )
    parser.add_argument(
        "--expose-query-plans",
        action=argparse.BooleanOptionalAction,
        default=_flag(EXPOSE_QUERY_PLANS),
        help=f"answer `x-agora-query-plan: true` with the plan in extensions.queryPlan "
        f"(${EXPOSE_QUERY_PLANS}; off unless set)",
    )
    parser.add_argument(
        "--metrics",
        action=argparse.BooleanOptionalAction,
        default=env.get(METRICS, "true").strip().lower() in TRUE,
        help=f"record Prometheus metrics and serve /metrics (${METRICS}; on unless false)",
    )
    parser.add_argument(
        "--log-level",
        default=log_level_from_env(env),
        help=f"${LOG_LEVEL}, else ${SHARED_LOG_LEVEL}, else warning",
    )


def subgraph_cache_bytes_from_env(environ: Mapping[str, str]) -> int:
    """Bytes for shared subgraph answers (router.execution.response_cache); 0 turns it off."""
    value = environ.get(SUBGRAPH_CACHE_MB, "").strip()
    try:
        megabytes = float(value) if value else DEFAULT_SUBGRAPH_CACHE_MB
    except ValueError:
        megabytes = -1.0
    if not 0 <= megabytes < float("inf"):
        raise ValueError(f"{SUBGRAPH_CACHE_MB} must be 0 or more megabytes, not {value!r}")
    return int(megabytes * (1 << 20))


def log_level_from_env(environ: Mapping[str, str]) -> str:
    return (environ.get(LOG_LEVEL) or environ.get(SHARED_LOG_LEVEL) or "warning").lower()


def routing_overrides(environ: Mapping[str, str]) -> dict[str, str]:
    """Subgraph name -> URL from every `AGORA_<NAME>_ROUTING_URL`."""
    return {
        name[len("AGORA_") : -len(ROUTING_URL_SUFFIX)].lower(): url
        for name, url in environ.items()
        if name.startswith("AGORA_") and name.endswith(ROUTING_URL_SUFFIX) and url
    }


def app_from_environment() -> ASGIApp:
    """The router app as configured by `AGORA_*` variables (one per worker process)."""
    from router.app import create_app
    from router.cost import default_list_size_from_env, max_cost_from_env
    from router.edge import EdgeSettings, with_edge
    from router.execution.breaker import BreakerSettings
    from router.execution.fetcher import timeouts_from_env
    from router.limits import OperationLimits
    from router.persisted import PersistedSettings
    from router.subscriptions import with_subscriptions
    from telemetry.asgi import with_tracing
    from telemetry.logs import configure_logging
    from telemetry.tracing import configure_tracing

    environ = os.environ
    configure_logging(log_level_from_env(environ).upper())
    configure_tracing("agora-router")  # when OTEL_* asks for it (telemetry.tracing)
    # New documents are parsed and validated on a thread (router.gateway); a short switch
    # interval hands the interpreter back to the event loop within a millisecond meanwhile.
    sys.setswitchinterval(0.001)
    settings = EdgeSettings.from_env(environ)
    verifier = settings.token_verifier()
    max_body_bytes = int(environ.get(MAX_BODY_BYTES) or 1_000_000)
    app = create_app(
        Path(environ[SUPERGRAPH]).read_text(),
        subgraph_timeout=float(environ.get(SUBGRAPH_TIMEOUT, "30")),
        subgraph_timeouts=timeouts_from_env(environ),
        breaker=BreakerSettings.from_env(environ),
        subgraph_urls=routing_overrides(environ),
        deduplicate_subgraph_queries=_flag(DEDUPLICATE_SUBGRAPH, environ),
        deduplicate_client_queries=_flag(DEDUPLICATE_CLIENT, environ),
        limits=OperationLimits.from_env(environ),
        introspection=_flag(INTROSPECTION, environ),
        graphiql=_flag(GRAPHIQL, environ),
        max_body_bytes=max_body_bytes,
        persisted=PersistedSettings.from_env(environ).build(max_body_bytes),
        max_cost=max_cost_from_env(environ),
        default_list_size=default_list_size_from_env(environ),
        subgraph_cache_bytes=subgraph_cache_bytes_from_env(environ),
        metrics=environ.get(METRICS, "true").strip().lower() in TRUE,
        expose_query_plans=_flag(EXPOSE_QUERY_PLANS, environ),  # router.query_plans
    )
    routed = with_tracing(with_edge(with_subscriptions(app, verifier), settings, verifier))
    # What startup built (schema, supergraph, planner) lives as long as the process: out of
    # the collector's sight, a full collection no longer walks it (a pause of tens of ms).
    gc.freeze()
    return routed


def run(args: argparse.Namespace) -> int:
    if args.workers < 1:
        raise SystemExit("--workers must be at least 1")
    if args.workers > 1:
        from telemetry.multiprocess import share_metrics_between_workers

        share_metrics_between_workers("agora-router")  # router.metrics
    import uvicorn

    os.environ.update(
        {
            SUPERGRAPH: str(Path(args.supergraph).resolve()),
            SUBGRAPH_TIMEOUT: str(args.subgraph_timeout),
            DEDUPLICATE_SUBGRAPH: "true" if args.deduplicate_subgraph_queries else "false",
            DEDUPLICATE_CLIENT: "true" if args.deduplicate_client_queries else "false",
            LOG_LEVEL: args.log_level,
            INTROSPECTION: "true" if args.introspection else "false",
            GRAPHIQL: "true" if args.graphiql else "false",
            SUBGRAPH_CACHE_MB: str(args.subgraph_cache_mb),
            METRICS: "true" if args.metrics else "false",
            EXPOSE_QUERY_PLANS: "true" if args.expose_query_plans else "false",
        }
    )
    from router.persisted import PersistedConfigError, PersistedSettings

    try:  # a bad trusted-documents manifest stops the router here, with its reason
        trusted = PersistedSettings.from_env(os.environ).trusted is not None
        if args.workers > 1 or trusted:
            app_from_environment()  # fail here once, not in every worker uvicorn would start
    except PersistedConfigError as invalid:
        raise SystemExit(f"agora router: {invalid}") from invalid
    has = importlib.util.find_spec
    uvicorn.run(
        "router.cli:app_from_environment",
        factory=True,
        workers=args.workers,
        host=args.host,
        port=args.port,
        log_config=None,  # JSON logs (configure_logging); one access line per request
        log_level=args.log_level,
        loop="uvloop" if has("uvloop") else "asyncio",
        http="httptools" if has("httptools") else "h11",
        access_log=False,
        proxy_headers=False,  # X-Forwarded-For only from AGORA_TRUSTED_PROXIES (router.edge)
    )
    return 0
