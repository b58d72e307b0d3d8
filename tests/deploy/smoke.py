"""The smoke journey of `make test-deploy`, through a router that runs in containers.

    python -m tests.deploy.smoke --url http://127.0.0.1:PORT

Only the public API, as a client would use it (no database, no Redis):
1. a seller and a buyer register;
2. the seller turns the SELLER role on and lists a product;
3. one query across subgraphs (users, marketplace, notifications): the buyer's name, the
   product with its seller's name resolved from users, and the buyer's notifications, until
   the welcome notification is there: it went from the users outbox through the relay and the
   Celery worker;
4. the seller subscribes (graphql-transport-ws over the router); the buyer favourites the
   product, and the seller receives PRODUCT_FAVORITED with the buyer's name: the marketplace
   outbox, NOTIFY, relay, Celery worker, Redis, notifications subgraph, router.

Prints one line per step and a closing count; exits 1 at the first failed step. Not a pytest
module (pytest collects test_*.py only): `make test-deploy` runs it against the stack it started.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

import httpx

from tests.e2e.live import LiveClient, live_client

WAIT_SECONDS = 30.0  # for an event to travel; an idle stack takes well under a second
POLL_SECONDS = 0.2
PASSWORD = "smoke-password-1"

RECEIVED = "subscription { notificationReceived { kind title actor { displayName } } }"
UNREAD = "subscription { unreadCountChanged }"


class StepFailed(Exception):
    pass


class Journey:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.passed = 0
        self.failed = 0

    @asynccontextmanager
    async def step(self, name: str) -> AsyncIterator[list[str]]:
        """Prints the step's outcome with what the body appended to the yielded list."""
        notes: list[str] = []
        started = time.monotonic()
        try:
            yield notes
        except Exception as error:
            self.failed += 1
            print(f"smoke: {name}: FAILED after {time.monotonic() - started:.2f} s: {error!r}")
            raise StepFailed(name) from error
        self.passed += 1
        detail = f" ({'; '.join(notes)})" if notes else ""
        print(f"smoke: {name}: ok in {time.monotonic() - started:.2f} s{detail}", flush=True)

    async def graphql(
        self, query: str, token: str | None = None, **variables: Any
    ) -> dict[str, Any]:
        """The operation's data; an error if the answer has errors or the payload lists any."""
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise AssertionError(f"HTTP {response.status_code}: {body}")
        data: dict[str, Any] = body["data"]
        for payload in data.values():
            if isinstance(payload, dict) and payload.get("errors"):
                raise AssertionError(f"payload errors: {payload['errors']}")
        return data


async def register(journey: Journey, first: str, last: str) -> tuple[str, str]:
    """(user id, access token) of a new account."""
    data = await journey.graphql(
        "mutation($i: RegisterInput!) { register(input: $i) "
        "{ user { id } tokens { accessToken } errors { code message } } }",
        i={
            "email": f"{first.lower()}-{uuid.uuid4().hex[:12]}@smoke.example.com",
            "password": PASSWORD,
            "firstName": first,
            "lastName": last,
        },
    )
    return data["register"]["user"]["id"], data["register"]["tokens"]["accessToken"]


async def until_event(client: LiveClient, operation: str, kind: str, within: float) -> Any:
    """The first `next` of `operation` whose notification is of `kind` (others are skipped)."""
    deadline = time.monotonic() + within
    while True:
        message = await client.receive(within=max(deadline - time.monotonic(), 0.01))
        if message.get("id") != operation:
            continue
        if message["type"] != "next":
            raise AssertionError(f"subscription ended: {message}")
        notification = message["payload"]["data"]["notificationReceived"]
        if notification["kind"] == kind:
            return notification


async def journey(url: str) -> Journey:
    async with httpx.AsyncClient(base_url=url, timeout=WAIT_SECONDS) as http:
        run = Journey(http)
        with suppress(StepFailed):  # printed as it failed; the journey ends there
            await steps(run, url)
        return run


async def steps(run: Journey, url: str) -> None:
    async with run.step("router ready") as notes:
        ready = (await run.http.get("/ready")).json()
        assert ready["status"] == "ok", ready
        notes.append(", ".join(s["name"] for s in ready["subgraphs"] if s["ok"]))

    async with run.step("register seller and buyer (users)") as notes:
        seller_id, seller = await register(run, "Sam", "Seller")
        buyer_id, buyer = await register(run, "Bella", "Buyer")
        notes.append(f"seller {seller_id}, buyer {buyer_id}")

    async with run.step("seller enables SELLER and lists a product (users, marketplace)") as notes:
        data = await run.graphql(
            "mutation { enableRole(role: SELLER) { tokens { accessToken } errors { code } } }",
            token=seller,
        )
        seller = data["enableRole"]["tokens"]["accessToken"]
        data = await run.graphql(
            "mutation($i: CreateProductInput!) "
            "{ createProduct(input: $i) { product { id } errors { code message } } }",
            token=seller,
            i={"title": "Smoke-tested teapot", "price": "20.00", "city": "Tula"},
        )
        product_id = data["createProduct"]["product"]["id"]
        await run.graphql(
            "mutation($id: ID!) { publishProduct(id: $id) { product { status } errors { code } } }",
            token=seller,
            id=product_id,
        )
        notes.append(f"product {product_id} published")

    async with run.step(
        "query across users, marketplace and notifications: the welcome notification "
        "(users outbox -> relay -> Celery worker)"
    ) as notes:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            data = await run.graphql(
                "query($p: ID!) { me { displayName } "
                "product(id: $p) { title status seller { displayName } } "
                "notifications(first: 5) { edges { node { kind title } } unreadCount } }",
                token=buyer,
                p=product_id,
            )
            kinds = [edge["node"]["kind"] for edge in data["notifications"]["edges"]]
            if "USER_REGISTERED" in kinds or time.monotonic() > deadline:
                break
            await asyncio.sleep(POLL_SECONDS)  # polling for the event, within the deadline
        assert data["me"]["displayName"] == "Bella Buyer", data
        assert data["product"]["seller"]["displayName"] == "Sam Seller", data
        assert "USER_REGISTERED" in kinds, f"no welcome within {WAIT_SECONDS} s: {data}"
        welcome = data["notifications"]["edges"][kinds.index("USER_REGISTERED")]["node"]
        notes.append(
            f"me {data['me']['displayName']!r}; product {data['product']['title']!r} "
            f"({data['product']['status']}) by {data['product']['seller']['displayName']!r}; "
            f"notification {welcome['kind']} {welcome['title']!r}, "
            f"unread {data['notifications']['unreadCount']}"
        )

    async with run.step(
        "subscription over the router (graphql-transport-ws): favoriteProduct -> "
        "PRODUCT_FAVORITED (marketplace outbox -> relay -> Celery worker -> Redis -> "
        "notifications -> router)"
    ) as notes:
        async with live_client(url, seller) as client:
            await client.subscribe("live", RECEIVED)
            await client.subscribe("count", UNREAD)
            # The count comes first once the subgraph listens on the seller's channel.
            while (message := await client.receive(within=WAIT_SECONDS))["id"] != "count":
                pass
            assert message["type"] == "next", message
            sent = time.monotonic()
            await run.graphql(
                "mutation($id: ID!) { favoriteProduct(productId: $id) { errors { code } } }",
                token=buyer,
                id=product_id,
            )
            event = await until_event(client, "live", "PRODUCT_FAVORITED", WAIT_SECONDS)
            latency_ms = (time.monotonic() - sent) * 1000
        assert event["actor"] == {"displayName": "Bella Buyer"}, event
        notes.append(
            f"event {event['kind']} {event['title']!r} from {event['actor']['displayName']!r}, "
            f"{latency_ms:.0f} ms after the mutation was sent"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the router, e.g. http://127.0.0.1:8080")
    url = parser.parse_args().url.rstrip("/")
    run = asyncio.run(journey(url))
    print(f"smoke: {run.passed} passed, {run.failed} failed")
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
