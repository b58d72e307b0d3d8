"""The live path end to end: a buyer orders through the router; the freelance outbox row goes
through the relay (a process) to the Celery worker (a process), which stores the notification
and publishes it; the seller's subscription through the router receives it with the buyer's
name resolved from users. (How fast is measured by `make bench --only events`, not here: a
loaded CI machine must not fail a correct pipeline.)"""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator, Iterator

import pytest
from redis.asyncio import Redis

from agora.smtp_sink import MailSink, start_sink
from tests.e2e.conftest import Stack
from tests.e2e.gigs import PLACE_ORDER, approved_gig, order_input
from tests.e2e.live import live_client, until_listeners
from tests.e2e.pipeline import relay_and_worker
from tests.e2e.test_freelance_through_router import mutate
from tests.integration.accounts import Accounts
from tests.support.environment import TestEnvironment
from tests.support.graphql import GraphQLClient

DELIVERY_TIMEOUT_SECONDS = 30.0
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
    with relay_and_worker(dict(os.environ), mail[0], test_env, tmp_path_factory.mktemp("e2e")):
        yield


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
    seller, gig_id = await approved_gig(api, accounts)
    buyer = await accounts.register(firstName="Bella", lastName="Buyer")

    async with live_client(stack.router_url, seller.access) as client:
        await client.subscribe("orders", RECEIVED)
        await until_listeners(redis, seller.id, lambda count: count >= 1)
        # Events from setting the gig up (GIG_APPROVED) may arrive first: read until ours.
        placed_at = time.monotonic()
        await mutate(api, buyer, PLACE_ORDER, order_input(gig_id))
        while True:
            left = DELIVERY_TIMEOUT_SECONDS - (time.monotonic() - placed_at)
            message = await client.receive(within=max(left, 0.01))
            notification = message["payload"]["data"]["notificationReceived"]
            if notification["kind"] == "ORDER_PLACED":
                break
    assert notification["actor"] == {"displayName": "Bella Buyer"}
    assert "Watercolour portraits" in notification["title"] or notification["title"]
