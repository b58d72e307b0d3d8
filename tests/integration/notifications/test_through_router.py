"""The subgraph's subscriptions as the router proxies them: the router opens graphql-transport-ws
to the subgraph with the client's token and resolves `actor { displayName }` from users."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from redis.asyncio import Redis

from common.auth import TokenVerifier
from router.app import create_app as create_router
from router.subscriptions import with_subscriptions
from subgraphs.kit.database import Database
from subgraphs.notifications.rules.delivery import accept_event, publish_if_new
from subgraphs.notifications.rules.feed import Feed
from tests.integration.accounts import Accounts
from tests.integration.notifications.conftest import new_event
from tests.integration.notifications.test_subscriptions import connect, listening
from tests.support.environment import REPO_ROOT
from tests.support.servers import serve


@pytest.fixture(scope="module")
def router_url(
    users_url: str, notifications_url: str, users_verifier: TokenVerifier
) -> Iterator[str]:
    supergraph = (REPO_ROOT / "schema" / "supergraph.graphql").read_text()
    urls = {"users": f"{users_url}/graphql", "notifications": f"{notifications_url}/graphql"}
    app = with_subscriptions(create_router(supergraph, subgraph_urls=urls), users_verifier)
    with serve(app) as url:
        yield url


async def test_notification_received_through_the_router(
    router_url: str, accounts: Accounts, notify_db: Database, redis: Redis, notifications_feed: Feed
) -> None:
    me = await accounts.register(firstName="Alan", lastName="Turing")
    actor = await accounts.register(firstName="Ada", lastName="Lovelace")
    async with connect(router_url, me.access) as socket:
        await socket.subscribe(
            "1", "subscription { notificationReceived { id title actor { id displayName } } }"
        )
        await listening(redis, notifications_feed, me.id, 1)
        event = new_event("ORDER_PLACED", me.id, gigTitle="Poster", actor_id=actor.id)
        accepted = await accept_event(notify_db, event, hourly_cap=100)
        assert accepted.notification is not None
        await publish_if_new(notify_db, redis, accepted.notification)
        message = await socket.receive()
    assert message["type"] == "next", message
    received = message["payload"]["data"]["notificationReceived"]
    assert received["id"] == str(accepted.notification.id)
    assert received["actor"] == {"id": actor.id, "displayName": "Ada Lovelace"}
