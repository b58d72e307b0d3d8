"""The live path end to end: a buyer orders through the router; the freelance outbox row goes
through the relay (a process) to the Celery worker (a process), which stores the notification
and publishes it; the seller's subscription through the router receives it with the buyer's
name resolved from users, within 2 seconds."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator

import pytest
from redis.asyncio import Redis

from agora.notify.smtp_sink import MailSink, start_sink
from tests.e2e.conftest import Stack
from tests.e2e.live import live_client, until_listeners
from tests.e2e.test_freelance_through_router import freelancer, mutate
from tests.integration.accounts import Accounts
from tests.support.environment import REPO_ROOT, TestEnvironment
from tests.support.graphql import GraphQLClient
from tests.support.worker import WorkerProcess

DELIVERY_BUDGET_SECONDS = 2.0
DRAIN_TIMEOUT_SECONDS = 60.0
RECEIVED = "subscription { notificationReceived { kind title actor { displayName } } }"


@pytest.fixture(scope="module")
def mail(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, MailSink]]:
    controller, sink = start_sink(tmp_path_factory.mktemp("e2e-mail"))
    try:
        yield controller.port, sink
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def pipeline(
    mail: tuple[int, MailSink],
    test_env: TestEnvironment,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """`agora relay` and a Celery worker, as separate processes, on this run's databases."""
    env = {
        **os.environ,
        "AGORA_SMTP_HOST": "127.0.0.1",
        "AGORA_SMTP_PORT": str(mail[0]),
        "PYTHONUNBUFFERED": "1",
    }
    worker = WorkerProcess(env, tmp_path_factory.mktemp("e2e-worker") / "worker.log")
    worker.start()
    log = (tmp_path_factory.mktemp("e2e-relay") / "relay.log").open("w")
    relay = subprocess.Popen(
        [sys.executable, "-m", "agora.cli", "relay", "--interval", "0.5"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield
    finally:
        relay.terminate()
        relay.wait(timeout=20)
        log.close()
        try:
            worker.wait_until_drained(
                test_env.redis_url, test_env.redis_prefix, DRAIN_TIMEOUT_SECONDS
            )
        finally:
            worker.stop()


@pytest.fixture
async def redis(test_env: TestEnvironment) -> AsyncIterator[Redis]:
    client = Redis.from_url(test_env.redis_url)
    yield client
    await client.aclose()


async def test_order_placed_reaches_the_seller_live(
    stack: Stack,
    api: GraphQLClient,
    accounts: Accounts,
    pipeline: None,
    redis: Redis,
    mail: tuple[int, MailSink],
) -> None:
    seller = await freelancer(api, accounts)
    buyer = await accounts.register(firstName="Bella", lastName="Buyer")
    moderator = await accounts.with_roles("MODERATOR")
    gig = (
        await mutate(
            api,
            seller,
            "mutation($i: CreateGigInput!) { createGig(input: $i) { gig { id } errors { code } } }",
            {
                "i": {
                    "title": "Watercolour portraits",
                    "description": "A watercolour portrait painted from your photo, scanned in high resolution.",
                }
            },
        )
    )["gig"]
    await mutate(
        api,
        seller,
        "mutation($i: SetGigPackagesInput!) { setGigPackages(input: $i) { gig { id } errors { code } } }",
        {
            "i": {
                "gigId": gig["id"],
                "packages": [
                    {"tier": "BASIC", "name": "Portrait", "price": "60.00", "deliveryDays": 5}
                ],
            }
        },
    )
    await mutate(
        api,
        seller,
        "mutation($id: ID!) { submitGig(gigId: $id) { gig { id } errors { code } } }",
        {"id": gig["id"]},
    )
    await mutate(
        api,
        moderator,
        "mutation($id: ID!) { approveGig(gigId: $id) { gig { id } errors { code } } }",
        {"id": gig["id"]},
    )

    async with live_client(stack.router_url, seller.access) as client:
        await client.subscribe("orders", RECEIVED)
        await until_listeners(redis, seller.id, lambda count: count >= 1)
        # Events from setting the gig up (GIG_APPROVED) may arrive first: read until ours.
        placed_at = time.monotonic()
        await mutate(
            api,
            buyer,
            "mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id } errors { code } } }",
            {
                "i": {
                    "gigId": gig["id"],
                    "tier": "BASIC",
                    "requirements": "From the attached photo.",
                }
            },
        )
        while True:
            left = DELIVERY_BUDGET_SECONDS - (time.monotonic() - placed_at)
            message = await client.receive(within=max(left, 0.01))
            notification = message["payload"]["data"]["notificationReceived"]
            if notification["kind"] == "ORDER_PLACED":
                break
        elapsed = time.monotonic() - placed_at
    assert notification["actor"] == {"displayName": "Bella Buyer"}
    assert "Watercolour portraits" in notification["title"] or notification["title"]
    assert elapsed < DELIVERY_BUDGET_SECONDS
