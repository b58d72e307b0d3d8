"""`agora seed --size small`: every kind of demo data, readable through the subgraphs' APIs
with the demo accounts, and a second run adds nothing.

The seed gets databases of its own (the run's others are shared by every test, whose searches
and counts must not meet demo data), migrated like the run's, and runs as the command does,
in worker processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from agora.infra.postgres import create_database, database_url, drop_database
from agora.seed.accounts import DEMO_PASSWORD
from common.auth import TokenVerifier
from subgraphs.kit.database import Database
from subgraphs.kit.migrations import upgrade
from tests.support.environment import REPO_ROOT, TestEnvironment
from tests.support.graphql import GraphQLClient
from tests.support.servers import serve

SUBGRAPHS = ("users", "notifications", "freelance", "content", "marketplace")
SEED_TIMEOUT_SECONDS = 240


@dataclass
class Seeded:
    urls: dict[str, str]  # subgraph -> database URL
    env: dict[str, str]
    first_output: str


def _seed(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agora.cli", "seed", "--size", "small", "--jobs", "2"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=SEED_TIMEOUT_SECONDS,
    )


@pytest.fixture(scope="module")
def seeded(test_env: TestEnvironment) -> Iterator[Seeded]:
    urls = {}
    try:
        for subgraph in SUBGRAPHS:
            name = f"agora_test_{test_env.run_id}_seed_{subgraph}"
            create_database(test_env.postgres_admin_url, name)
            urls[subgraph] = database_url(test_env.postgres_admin_url, name)
            upgrade(subgraph, urls[subgraph])
        env = dict(os.environ)
        env.update({f"AGORA_{name.upper()}_DATABASE_URL": url for name, url in urls.items()})
        first = _seed(env)
        assert first.returncode == 0, first.stdout + first.stderr
        yield Seeded(urls, env, first.stdout)
    finally:
        for url in urls.values():
            drop_database(test_env.postgres_admin_url, url.rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def apis(seeded: Seeded, users_verifier: TokenVerifier) -> Iterator[dict[str, str]]:
    """Each subgraph served over HTTP on the seeded databases."""
    from subgraphs.content.app import create_app as content
    from subgraphs.freelance.app import create_app as freelance
    from subgraphs.marketplace.app import create_app as marketplace
    from subgraphs.notifications.app import create_app as notifications
    from subgraphs.users.app import create_app as users

    def db(name: str) -> Database:
        return Database(name, seeded.urls[name])

    apps = {
        "users": users(db=db("users")),
        "notifications": notifications(db=db("notifications"), verifier=users_verifier),
        "freelance": freelance(db=db("freelance"), verifier=users_verifier),
        "content": content(db=db("content"), verifier=users_verifier),
        "marketplace": marketplace(db=db("marketplace"), verifier=users_verifier),
    }
    with ExitStack() as stack:
        yield {name: stack.enter_context(serve(app)) for name, app in apps.items()}


@pytest.fixture
async def api(apis: dict[str, str]) -> AsyncIterator[dict[str, GraphQLClient]]:
    async with httpx.AsyncClient(timeout=30) as http:
        yield {name: GraphQLClient(http, f"{url}/graphql") for name, url in apis.items()}


async def _sign_in(users: GraphQLClient, email: str) -> str:
    data = await users.data(
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { tokens { accessToken } errors { code } } }",
        {"e": email, "p": DEMO_PASSWORD},
    )
    assert data["login"]["errors"] == []
    token: str = data["login"]["tokens"]["accessToken"]
    return token


async def _rows(url: str, query: str) -> list[Any]:
    db = Database("seed-check", url)
    try:
        async with db.session() as session:
            return list((await session.execute(text(query))).all())
    finally:
        await db.dispose()


async def _counts(urls: dict[str, str]) -> dict[str, int]:
    """Rows of every table of every seeded database."""
    counts = {}
    for subgraph, url in urls.items():
        tables = await _rows(
            url,
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'",
        )
        for (table,) in tables:
            counts[f"{subgraph}.{table}"] = (await _rows(url, f'SELECT count(*) FROM "{table}"'))[
                0
            ][0]
    return counts


async def test_every_kind_of_data_through_the_apis(api: dict[str, GraphQLClient]) -> None:
    seller = await _sign_in(api["users"], "seller@agora.test")
    buyer = await _sign_in(api["users"], "buyer@agora.test")
    admin = await _sign_in(api["users"], "admin@agora.test")

    me = await api["users"].data("{ me { roles isVerified } }", token=seller)
    assert set(me["me"]["roles"]) == {"FREELANCER", "SELLER"} and me["me"]["isVerified"]
    people = await api["users"].data(
        "{ users(first: 100) { totalCount edges { node { roles } } } }", token=admin
    )
    assert people["users"]["totalCount"] == 44  # 4 demo accounts and 40 generated
    roles = {role for edge in people["users"]["edges"] for role in edge["node"]["roles"]}
    assert roles == {"ADMIN", "MODERATOR", "FREELANCER", "SELLER"}

    tree = await api["freelance"].data("{ gigCategories { name children { name } } }")
    assert len(tree["gigCategories"]) >= 5 and all(c["children"] for c in tree["gigCategories"])
    gigs = await api["freelance"].data(
        "{ gigs(first: 5, sort: NEWEST) { totalCount edges { node { slug packages { tier price } rating { count } } } } }"
    )
    assert gigs["gigs"]["totalCount"] > 40
    assert all(edge["node"]["packages"] for edge in gigs["gigs"]["edges"])
    statuses = set()
    for status in ("PENDING", "IN_PROGRESS", "DELIVERED", "COMPLETED", "CANCELLED", "DISPUTED"):
        found = await api["freelance"].data(
            "query($s: OrderStatus) { myOrders(role: SELLER, status: $s) { totalCount } }",
            {"s": status},
            token=seller,
        )
        if found["myOrders"]["totalCount"]:
            statuses.add(status)
    assert len(statuses) >= 4  # the demo seller's own orders; every status is checked below
    dashboard = await api["freelance"].data(
        "{ sellerDashboard(period: ALL) { ordersTotal revenue views averageRating } }", token=seller
    )
    assert dashboard["sellerDashboard"]["ordersTotal"] > 0
    assert dashboard["sellerDashboard"]["views"] > 0
    disputes = await api["freelance"].data("{ disputes(first: 5) { totalCount } }", token=admin)
    assert disputes["disputes"]["totalCount"] > 0

    products = await api["marketplace"].data(
        "{ products(first: 5) { totalCount edges { node { rating { count } category { name } } } } }"
    )
    assert products["products"]["totalCount"] > 20

    feed = await api["content"].data(
        "{ feed(first: 20) { edges { node { likesCount comments(first: 20) { edges { node { replies(first: 5) { totalCount } } } } } } } }",
        token=buyer,
    )
    posts = [edge["node"] for edge in feed["feed"]["edges"]]
    assert posts and any(post["likesCount"] for post in posts)
    replies = [
        comment["node"]["replies"]["totalCount"]
        for post in posts
        for comment in post["comments"]["edges"]
    ]
    assert any(replies), "threads have replies"

    inbox = await api["notifications"].data(
        "{ notifications(first: 5) { unreadCount edges { node { kind title } } } }", token=seller
    )
    assert inbox["notifications"]["edges"] and inbox["notifications"]["unreadCount"] > 0


async def test_every_status_and_kind_is_in_the_databases(seeded: Seeded) -> None:
    freelance, urls = seeded.urls["freelance"], seeded.urls
    orders = {row[0] for row in await _rows(freelance, "SELECT DISTINCT status FROM orders")}
    assert orders == {"PENDING", "IN_PROGRESS", "DELIVERED", "COMPLETED", "CANCELLED", "DISPUTED"}
    gigs = {row[0] for row in await _rows(freelance, "SELECT DISTINCT status FROM gigs")}
    assert gigs == {"DRAFT", "PENDING_APPROVAL", "ACTIVE", "PAUSED", "ARCHIVED"}
    disputes = {row[0] for row in await _rows(freelance, "SELECT DISTINCT status FROM disputes")}
    assert disputes == {"OPEN", "RESOLVED"}
    products = {
        row[0] for row in await _rows(urls["marketplace"], "SELECT DISTINCT status FROM products")
    }
    assert products == {"DRAFT", "ACTIVE", "SOLD", "ARCHIVED"}
    counts = await _counts(urls)
    for table in (
        "freelance.reviews",
        "freelance.favorites",
        "freelance.order_deliveries",
        "freelance.dispute_messages",
        "marketplace.product_reviews",
        "marketplace.favorites",
        "content.channel_members",
        "content.comments",
        "content.post_likes",
        "content.comment_likes",
        "notifications.notifications",
        "notifications.notification_preferences",
    ):
        assert counts[table] > 0, table
    assert counts["notifications.deliveries"] == 0, "the seed mails nobody"
    replied = await _rows(freelance, "SELECT count(*) FROM reviews WHERE reply IS NOT NULL")
    threaded = await _rows(
        urls["content"], "SELECT count(*) FROM comments WHERE parent_id IS NOT NULL"
    )
    staff = await _rows(
        urls["content"], "SELECT count(*) FROM channel_members WHERE role IN ('ADMIN', 'MODERATOR')"
    )
    assert replied[0][0] and threaded[0][0] and staff[0][0]
    # Every event the services recorded is handled: nothing is left for the relay.
    for subgraph in ("users", "freelance", "content", "marketplace"):
        pending = await _rows(
            urls[subgraph], "SELECT count(*) FROM outbox WHERE confirmed_at IS NULL"
        )
        assert pending[0][0] == 0, subgraph


async def test_a_second_run_adds_nothing(seeded: Seeded) -> None:
    before = await _counts(seeded.urls)
    again = _seed(seeded.env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "everything was there already" in again.stdout
    assert await _counts(seeded.urls) == before
    assert "admin@agora.test" in again.stdout and DEMO_PASSWORD in again.stdout
