"""Search and list speed on seeded data (`--only seeded`).

A throwaway stack with every subgraph is seeded with `agora seed --size medium` (timed), then
four reads a client makes all day are measured, one request at a time, through the router and
directly against the subgraph that owns them (the baseline: the same selection without the
fields other subgraphs add):

- gig search: full text alone or with a category, price, rating or delivery filter, with the
  sellers' names;
- product search: full text alone or with a category, condition and price, or city filter;
- a channel feed with threaded comments (two levels of replies) and every author's name;
- a seller's dashboard.

The router's shared-answer cache is off, so every request does its whole work. The SQL
statements per request are counted by the subgraphs themselves (the
`agora_subgraph_request_sql_statements` histogram of their `/metrics`, read before and after),
so a list that costs a statement per item shows as a number that grows with the page size.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from benchmarks.stack import Stack, running_stack
from benchmarks.stats import percentile, ratio

REQUESTS = int(os.environ.get("BENCH_SEEDED_REQUESTS", "200"))
WARMUP = 20
SIZE = os.environ.get("BENCH_SEED_SIZE", "medium")
ROUTER_ENV = {"AGORA_ROUTER_SUBGRAPH_CACHE_MB": "0"}
PASSWORD = "agora-demo-1"  # agora.seed.accounts.DEMO_PASSWORD
STATEMENTS = "agora_subgraph_request_sql_statements"

GIG_FIELDS = """
  id title minPrice ordersCount rating { average count }
  category { name } packages { tier price deliveryDays } images { url isPrimary }
"""
GIG_SEARCH = """
query GigSearch%s($query: String, $filter: GigFilterInput) {
  gigs(query: $query, filter: $filter, first: 20) {
    totalCount
    edges { node { %s seller { id %s } } }
  }
}
"""
PRODUCT_FIELDS = """
  id title price oldPrice discountPercent condition city rating { average count }
  category { name } primaryImage { url }
"""
PRODUCT_SEARCH = """
query ProductSearch%s($query: String, $filter: ProductFilter) {
  products(query: $query, filter: $filter, first: 20) {
    totalCount
    edges { node { %s seller { id %s } } }
  }
}
"""
FEED = """
query Feed%(name)s {
  feed(first: 10) {
    edges { node {
      id title likesCount commentsCount likedByMe channel { name } author { id %(user)s }
      comments(first: 5) { totalCount edges { node {
        id body likesCount likedByMe author { id %(user)s }
        replies(first: 3) { totalCount edges { node {
          id body author { id %(user)s }
          replies(first: 2) { edges { node { id body author { id %(user)s } } } }
        } } }
      } } }
    } }
  }
}
"""
DASHBOARD = """
query Dashboard%s($period: AnalyticsPeriod!) {
  sellerDashboard(period: $period) {
    gigsTotal gigsActive ordersTotal ordersByStatus { status count } revenue pendingRevenue
    averageOrderValue averageRating ratingDistribution { rating count } views conversion
    topGigs { orders revenue gig { id title } } revenuePerDay { date amount }
  }
}
"""
NAME = "displayName"


@dataclass
class Scenario:
    name: str
    subgraph: str  # the one that owns the root field: the direct baseline goes there
    routed: str
    direct: str
    variables: list[dict[str, Any]]
    account: str | None = None  # whose token (a seeded demo account), None: anonymous


@dataclass
class Measured:
    latencies: list[float] = field(default_factory=list)  # ms
    statements: dict[str, float] = field(default_factory=dict)  # subgraph -> per request
    fetches: dict[str, float] = field(default_factory=dict)  # subgraph requests per request

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 0.5)

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 0.99)


@dataclass
class Result:
    scenario: Scenario
    direct: Measured
    routed: Measured
    counted: list[int] = field(default_factory=list)  # list items in each routed answer

    @property
    def items(self) -> float:
        return sum(self.counted) / len(self.counted) if self.counted else 0.0


def _items(value: Any) -> int:
    """Objects in an answer that have an `id` (gigs, products, posts, comments, ...)."""
    if isinstance(value, dict):
        return int("id" in value) + sum(_items(item) for item in value.values())
    if isinstance(value, list):
        return sum(_items(item) for item in value)
    return 0


def seed(say: Callable[[str], None]) -> float:
    """`agora seed --size medium` against the stack's databases (this process's environment)."""
    began = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "agora.cli", "seed", "--size", SIZE],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.monotonic() - began
    say(f"seeded {SIZE} in {seconds:.1f} s")
    return seconds


async def _data(
    http: httpx.AsyncClient, url: str, query: str, variables: Mapping[str, Any], token: str | None
) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await http.post(url, json={"query": query, "variables": variables}, headers=headers)
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    data: dict[str, Any] = body["data"]
    return data


LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { tokens { accessToken } errors { code } }
}
"""


async def _token(http: httpx.AsyncClient, router: str, email: str) -> str:
    data = await _data(http, router, LOGIN, {"email": email, "password": PASSWORD}, None)
    token: str = data["login"]["tokens"]["accessToken"]
    return token


async def _scenarios(http: httpx.AsyncClient, router: str) -> list[Scenario]:
    trees = await _data(
        http,
        router,
        "{ gigCategories { id name } productCategories { id name parent { id } } }",
        {},
        None,
    )
    gig_roots = {c["name"]: c["id"] for c in trees["gigCategories"]}
    product_roots = {c["name"]: c["id"] for c in trees["productCategories"] if not c["parent"]}
    # Words the demo gigs and products use, each with the category tree it belongs to.
    gig_terms = {
        "logo": "Graphics & Design",
        "illustration": "Graphics & Design",
        "app": "Programming & Tech",
        "translation": "Writing & Translation",
        "video": "Video & Animation",
        "voice": "Music & Audio",
        "seo": "Digital Marketing",
    }
    gigs = [
        {"query": term, "filter": flt}
        for term, root in gig_terms.items()
        for flt in (
            {},
            {"categoryId": gig_roots[root]},
            {"minPrice": "10", "maxPrice": "150"},
            {"minRating": 4.0},
            {"maxDeliveryDays": 5},
        )
    ]
    product_terms = {
        "bike": "Sports & Outdoors",
        "camera": "Electronics",
        "jacket": "Fashion",
        "guitar": "Books & Music",
        "table": "Home & Garden",
        "headphones": "Electronics",
    }
    products = [
        {"query": term, "filter": flt}
        for term, root in product_terms.items()
        for flt in (
            {},
            {"categoryId": product_roots[root]},
            {"condition": "USED", "maxPrice": "800"},
            {"city": "Berlin"},
        )
    ]
    feed_routed = FEED % {"name": "", "user": NAME}
    feed_direct = FEED % {"name": "Direct", "user": ""}
    periods = [{"period": period} for period in ("DAYS_30", "ALL", "DAYS_90")]
    return [
        Scenario(
            "gig search",
            "freelance",
            GIG_SEARCH % ("", GIG_FIELDS, NAME),
            GIG_SEARCH % ("Direct", GIG_FIELDS, ""),
            gigs,
        ),
        Scenario(
            "product search",
            "marketplace",
            PRODUCT_SEARCH % ("", PRODUCT_FIELDS, NAME),
            PRODUCT_SEARCH % ("Direct", PRODUCT_FIELDS, ""),
            products,
        ),
        Scenario("channel feed", "content", feed_routed, feed_direct, [{}], "buyer@agora.test"),
        Scenario(
            "seller dashboard",
            "freelance",
            DASHBOARD % "",
            DASHBOARD % "Direct",
            periods,
            "seller@agora.test",
        ),
    ]


Totals = dict[
    tuple[str, bool], tuple[float, float]
]  # (subgraph, direct?) -> (statements, requests)


def _totals(subgraph: str, text: str, into: Totals) -> None:
    """Statements and requests of one subgraph's /metrics, summed over its operations, apart
    for the benchmark's direct requests (operations named `...Direct`) and everything else
    (the router's fetches)."""
    for line in text.splitlines():
        if not line.startswith(STATEMENTS):
            continue
        series, number = line.rsplit(" ", 1)
        direct = 'Direct"' in series
        statements, requests = into.get((subgraph, direct), (0.0, 0.0))
        if series.startswith(f"{STATEMENTS}_sum"):
            statements += float(number)
        elif series.startswith(f"{STATEMENTS}_count"):
            requests += float(number)
        into[(subgraph, direct)] = (statements, requests)


async def _scrape(http: httpx.AsyncClient, stack: Stack) -> Totals:
    names = [name for name in stack.urls if name != "router"]
    pages = await asyncio.gather(*(http.get(f"{stack.urls[name]}/metrics") for name in names))
    totals: Totals = {}
    for name, page in zip(names, pages, strict=True):
        _totals(name, page.text, totals)
    return totals


def _per_request(before: Totals, after: Totals, direct: bool, measured: Measured) -> None:
    for (name, is_direct), (statements, requests) in after.items():
        was = before.get((name, is_direct), (0.0, 0.0))
        if is_direct == direct and requests > was[1]:
            measured.statements[name] = (statements - was[0]) / REQUESTS
            measured.fetches[name] = (requests - was[1]) / REQUESTS


async def _timed(
    http: httpx.AsyncClient, url: str, query: str, variables: dict[str, Any], token: str | None
) -> tuple[float, int]:
    """(milliseconds, items in the answer)"""
    started = time.perf_counter()
    data = await _data(http, url, query, variables, token)
    return (time.perf_counter() - started) * 1000, _items(data)


async def _measure(
    http: httpx.AsyncClient, stack: Stack, scenario: Scenario, token: str | None
) -> Result:
    """Direct and routed requests take turns (same data, same caches, same neighbours)."""
    direct_url = f"{stack.urls[scenario.subgraph]}/graphql"
    router_url = f"{stack.urls['router']}/graphql"
    targets = ((direct_url, scenario.direct), (router_url, scenario.routed))
    cycle = itertools.cycle(scenario.variables)
    for _ in range(WARMUP):
        variables = next(cycle)
        for url, query in targets:
            await _data(http, url, query, variables, token)
    result = Result(scenario, Measured(), Measured())
    before = await _scrape(http, stack)
    for turn in range(REQUESTS):
        variables = next(cycle)
        order = (0, 1) if turn % 2 else (1, 0)
        for which in order:
            url, query = targets[which]
            elapsed, items = await _timed(http, url, query, variables, token)
            (result.direct if which == 0 else result.routed).latencies.append(elapsed)
            if which == 1:
                result.counted.append(items)
    after = await _scrape(http, stack)
    _per_request(before, after, True, result.direct)
    _per_request(before, after, False, result.routed)
    return result


async def measure(stack: Stack) -> list[Result]:
    router = f"{stack.urls['router']}/graphql"
    results = []
    async with httpx.AsyncClient(timeout=60) as http:
        tokens: dict[str, str] = {}
        for scenario in await _scenarios(http, router):
            token = None
            if scenario.account is not None:
                token = tokens.get(scenario.account) or await _token(http, router, scenario.account)
                tokens[scenario.account] = token
            results.append(await _measure(http, stack, scenario, token))
    return results


def _statements(measured: Measured) -> str:
    parts = [f"{name} {count:.1f}" for name, count in sorted(measured.statements.items())]
    total = sum(measured.statements.values())
    return f"{total:5.1f}  ({', '.join(parts)})"


def print_report(seconds: float, results: list[Result]) -> None:
    print(
        f"\nSeeded data ({SIZE}, seeded in {seconds:.0f} s): {REQUESTS} requests per row, one at "
        "a time, direct and routed taking turns; the router's shared-answer cache is off"
    )
    print(f"  {'':<35}{'p50 ms':>8}{'p99 ms':>8}   SQL statements per request (by subgraph)")
    for result in results:
        print(f"  {result.scenario.name} ({result.items:.0f} items per answer)")
        for label, measured in (
            (f"{result.scenario.subgraph} directly (baseline)", result.direct),
            ("through the router", result.routed),
        ):
            timing = f"{measured.p50:>8.1f}{measured.p99:>8.1f}"
            print(f"    {label:<33}{timing}   {_statements(measured)}")
        print(
            f"    router / baseline: p50 {ratio(result.routed.p50, result.direct.p50)}, "
            f"p99 {ratio(result.routed.p99, result.direct.p99)}"
        )


def run(say: Callable[[str], None] = print) -> None:
    from agora.subgraphs import available_subgraphs

    with running_stack(router_env=ROUTER_ENV, subgraphs=available_subgraphs()) as stack:
        seconds = seed(say)
        print_report(seconds, asyncio.run(measure(stack)))
