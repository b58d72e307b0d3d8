"""Run the benchmarks and print each measurement with its ratio to a baseline measured in the
same run on the same machine.

    python -m benchmarks [--only platform|events|gateways|instrumentation|attacks|auth|seeded]
                         [--subscribers N]
                         [--skip-queries]
                         [--gateway-seconds S] [--gateway-rounds N] [--gateway-warmup S]
                         [--gateway-dedup subgraph|none|all]

"platform" is the Agora stack (queries and subscriptions through the router against the
subgraphs directly); "events" the latency from a mutation to its notification at a subscriber,
through relay, worker and router (benchmarks.events); "gateways" is The Guild's federation
benchmark (benchmarks.gateways); "instrumentation" what metrics and tracing cost the router
in that scenario (benchmarks.instrumentation);
"attacks" times the router's refusal of requests that once froze it (benchmarks.attacks);
"auth" what checking revocations adds to verifying a token (benchmarks.auth);
"seeded" searches, a feed and a dashboard on `agora seed --size medium` data, with the SQL
statements per request (benchmarks.seeded).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource

from agora.subgraphs import available_subgraphs
from benchmarks import attacks, auth, events, instrumentation, queries, seeded, subscriptions
from benchmarks.gateways import contenders
from benchmarks.gateways import run as gateways
from benchmarks.gateways.report import print_report
from benchmarks.stack import Stack, running_stack
from benchmarks.stats import percentile, ratio


def _raise_file_limit() -> None:
    # Every subscriber holds sockets in this process and in the services.
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _print_queries(direct: queries.Throughput, routed: queries.Throughput) -> None:
    seconds = queries.DURATION_SECONDS
    print(f"\nQueries ({queries.CONCURRENCY} concurrent clients, {seconds:.0f} s each)")
    print(f"  {'':<28}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for label, result in (("users subgraph (baseline)", direct), ("router", routed)):
        numbers = f"{result.per_second:>10.0f}{result.p50_ms:>10.2f}{result.p99_ms:>10.2f}"
        print(f"  {label:<28}{numbers}")
    print(
        f"  router / baseline: throughput {ratio(routed.per_second, direct.per_second)}, "
        f"p50 latency {ratio(routed.p50_ms, direct.p50_ms)}"
    )


def _print_subscriptions(
    count: int,
    direct: subscriptions.Delivery,
    relayed: subscriptions.Delivery,
    routed: subscriptions.Delivery,
) -> None:
    print(f"\nSubscriptions ({count} concurrent subscribers, one event each)")
    head = f"{'delivered':>10}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'RSS +MiB':>10}"
    print(f"  {'':<36}{head}")
    rows = (
        ("notifications subgraph (baseline)", direct),
        ("router, same selection", relayed),
        ("router, + actor from users", routed),
    )
    for label, result in rows:
        grown = (result.rss_after_kib - result.rss_before_kib) / 1024
        numbers = (
            f"{result.delivered:>10}{result.p50_ms:>10.1f}{result.p99_ms:>10.1f}"
            f"{result.max_ms:>10.1f}{grown:>10.1f}"
        )
        print(f"  {label:<36}{numbers}")
    for label, result in (("same selection", relayed), ("+ actor", routed)):
        print(
            f"  router ({label}) / baseline: p50 {ratio(result.p50_ms, direct.p50_ms)}, "
            f"p99 {ratio(result.p99_ms, direct.p99_ms)}"
        )
    print(f"  router RSS {routed.rss_after_kib / 1024:.0f} MiB with {count} subscribers")


def _print_events(results: list[events.Latency]) -> None:
    print(
        f"\nEvent latency (mutation through the router -> notification at a subscriber; "
        f"{events.ROUNDS} events each, one at a time; target p50 < 100 ms)"
    )
    head = f"{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'mutation p50':>14}"
    print(f"  {'':<36}{head}")
    every = events.Latency(
        "all",
        "",
        [ms for result in results for ms in result.samples],
        [ms for result in results for ms in result.answered],
    )
    for result in [*results, every]:
        label = f"{result.source} ({result.kind})" if result.kind else result.source
        numbers = (
            f"{result.p50_ms:>10.1f}{result.p99_ms:>10.1f}{max(result.samples):>10.1f}"
            f"{percentile(result.answered, 0.5):>14.1f}"
        )
        print(f"  {label:<36}{numbers}")


async def _measure(stack: Stack, args: argparse.Namespace) -> None:
    if not args.skip_queries:
        _print_queries(*await queries.run(stack))
    _print_subscriptions(args.subscribers, *await subscriptions.run(stack, args.subscribers))


def _gateway_settings(args: argparse.Namespace) -> gateways.Settings:
    return gateways.Settings(
        seconds=args.gateway_seconds,
        rounds=args.gateway_rounds,
        warmup_seconds=args.gateway_warmup,
        dedup=args.gateway_dedup,
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    env = os.environ
    parser.add_argument(
        "--only",
        choices=("platform", "events", "gateways", "instrumentation", "attacks", "auth", "seeded"),
    )
    parser.add_argument(
        "--subscribers", type=int, default=int(env.get("BENCH_SUBSCRIBERS", "1000"))
    )
    parser.add_argument("--skip-queries", action="store_true")
    parser.add_argument(
        "--gateway-seconds", type=int, default=int(env.get("BENCH_GATEWAY_SECONDS", "10"))
    )
    parser.add_argument(
        "--gateway-rounds", type=int, default=int(env.get("BENCH_GATEWAY_ROUNDS", "3"))
    )
    parser.add_argument(
        "--gateway-warmup", type=int, default=int(env.get("BENCH_GATEWAY_WARMUP", "5"))
    )
    parser.add_argument(
        "--gateway-dedup",
        choices=contenders.DEDUP_MODES,
        default=env.get("BENCH_GATEWAY_DEDUP", "subgraph"),
    )
    args = parser.parse_args()
    _raise_file_limit()

    def chosen(name: str) -> bool:
        return args.only in (None, name)

    if chosen("gateways"):
        gateways.preflight()  # a missing wrk fails now, not after the platform benchmarks
    if chosen("attacks"):
        attacks.run()
    if chosen("auth"):
        auth.run()
    if chosen("platform"):
        with running_stack() as stack:
            asyncio.run(_measure(stack, args))
    if chosen("events"):
        with running_stack(subgraphs=available_subgraphs(), pipeline=True) as stack:
            _print_events(asyncio.run(events.run(stack)))
    if chosen("gateways"):
        print_report(gateways.run(_gateway_settings(args), say=print))
    if chosen("instrumentation"):
        instrumentation.print_report(*instrumentation.measure(_gateway_settings(args), say=print))
    if chosen("seeded"):
        seeded.run()


if __name__ == "__main__":
    main()
