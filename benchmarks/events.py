"""Event latency: from a mutation sent to the router to its notification at a subscriber.

The whole path as in production: the mutation commits its change and an outbox row in the
subgraph's database; the NOTIFY wakes `agora relay`, which hands the row to Celery; the worker
stores the notification and publishes it on Redis; the notifications subgraph streams it to
the router, which resolves `actor { displayName }` from users and sends it to the client.

One subscriber (the seller) and one mutation at a time, for each subgraph whose events reach
someone who could already be subscribed: freelance (placeOrder -> ORDER_PLACED), content
(addComment -> COMMENT_ON_POST) and marketplace (favoriteProduct -> PRODUCT_FAVORITED). The
users subgraph's events go to a brand-new account (its welcome) or only by email.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from redis.asyncio import Redis
from websockets.asyncio.client import ClientConnection, connect

from benchmarks.stack import Stack
from benchmarks.stats import percentile
from subgraphs.kit.database import Database
from subgraphs.kit.transactions import in_transaction
from subgraphs.notifications.rules.live import user_channel
from subgraphs.users.rules.registration import register
from subgraphs.users.rules.tokens import configured_keyring

ROUNDS = 30  # per subgraph; the seller's hourly cap (100) is not reached
WARMUP_ROUNDS = 3
WAIT_SECONDS = 30.0
SUBSCRIPTION = "subscription { notificationReceived { kind actor { displayName } } }"


@dataclass
class Latency:
    source: str  # subgraph
    kind: str
    samples: list[float]  # ms, mutation sent -> notification received
    answered: list[float]  # ms, mutation sent -> its response (part of the above)

    @property
    def p50_ms(self) -> float:
        return percentile(self.samples, 0.50)

    @property
    def p99_ms(self) -> float:
        return percentile(self.samples, 0.99)


@dataclass
class Account:
    id: str
    token: str


async def _account(db: Database, name: str, roles: list[str]) -> Account:
    user = await in_transaction(
        db,
        lambda s: register(
            s,
            email=f"{name}-{uuid.uuid4().hex[:8]}@bench.test",
            password="bench-password-1",
            first_name=name.title(),
            last_name="Bench",
        ),
    )
    token = configured_keyring().issue_access_token(user.id, roles).token
    return Account(str(user.id), token)


class Api:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def mutate(self, who: Account, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {who.token}"},
        )
        body = response.json()
        assert "errors" not in body, body
        payload: dict[str, Any] = next(iter(body["data"].values()))
        assert not payload.get("errors"), payload
        return payload


@dataclass
class Scene:
    """What the measured mutations act on, all of it the seller's."""

    gig_id: str
    post_id: str
    product_id: str


async def _set_up(api: Api, seller: Account, buyer: Account, moderator: Account) -> Scene:
    gig = await api.mutate(
        seller,
        "mutation($i: CreateGigInput!) { createGig(input: $i) { gig { id } errors { code } } }",
        i={
            "title": "Benchmark logo design",
            "description": "A logo drawn for the benchmark, delivered as vector files.",
        },
    )
    gig_id = gig["gig"]["id"]
    await api.mutate(
        seller,
        "mutation($i: SetGigPackagesInput!) { setGigPackages(input: $i) { errors { code } } }",
        i={
            "gigId": gig_id,
            "packages": [{"tier": "BASIC", "name": "Logo", "price": "50.00", "deliveryDays": 3}],
        },
    )
    await api.mutate(
        seller, "mutation($id: ID!) { submitGig(gigId: $id) { errors { code } } }", id=gig_id
    )
    await api.mutate(
        moderator, "mutation($id: ID!) { approveGig(gigId: $id) { errors { code } } }", id=gig_id
    )
    channel = await api.mutate(
        seller,
        "mutation($i: CreateChannelInput!) "
        "{ createChannel(input: $i) { channel { id } errors { code } } }",
        i={"name": f"Bench {uuid.uuid4().hex[:8]}"},
    )
    channel_id = channel["channel"]["id"]
    post = await api.mutate(
        seller,
        "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } errors { code } } }",
        i={"channelId": channel_id, "title": "Benchmark post", "body": "Comment on this, please."},
    )
    await api.mutate(
        buyer, "mutation($id: ID!) { joinChannel(id: $id) { errors { code } } }", id=channel_id
    )
    product = await api.mutate(
        seller,
        "mutation($i: CreateProductInput!) "
        "{ createProduct(input: $i) { product { id } errors { code } } }",
        i={"title": "Benchmark teapot", "price": "20.00", "city": "Tula"},
    )
    product_id = product["product"]["id"]
    await api.mutate(
        seller,
        "mutation($id: ID!) { publishProduct(id: $id) { errors { code } } }",
        id=product_id,
    )
    return Scene(gig_id, post["post"]["id"], product_id)


async def _subscribe(router_url: str, token: str) -> ClientConnection:
    url = "ws://" + router_url.removeprefix("http://") + "/graphql"
    socket = await connect(url, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
    await socket.send(orjson.dumps(init).decode())
    assert orjson.loads(await socket.recv())["type"] == "connection_ack"
    subscribe = {"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}}
    await socket.send(orjson.dumps(subscribe).decode())
    return socket


async def _listening(redis: Redis, user_id: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not (await redis.pubsub_numsub(user_channel(user_id)))[0][1]:
        if time.monotonic() > deadline:
            raise TimeoutError("the subscription never reached Redis")
        await asyncio.sleep(0.02)  # polling Redis for a condition, bounded by the deadline


async def _next_of_kind(socket: ClientConnection, kind: str) -> float:
    """Reads until a notification of `kind` arrives (setup events are skipped); its time."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        raw = await asyncio.wait_for(socket.recv(), max(0.01, deadline - time.monotonic()))
        received = time.perf_counter()
        message = orjson.loads(raw)
        assert message["type"] == "next", message
        notification = message["payload"]["data"]["notificationReceived"]
        if notification["kind"] == kind:
            assert notification["actor"]["displayName"] == "Buyer Bench", notification
            return received


Step = Callable[[], Awaitable[object]]


async def _measure(
    socket: ClientConnection, source: str, kind: str, act: Step, undo: Step | None
) -> Latency:
    samples: list[float] = []
    answered: list[float] = []
    for round_ in range(WARMUP_ROUNDS + ROUNDS):
        started = time.perf_counter()
        await act()
        responded = time.perf_counter()
        received = await _next_of_kind(socket, kind)
        if round_ >= WARMUP_ROUNDS:
            samples.append((received - started) * 1000)
            answered.append((responded - started) * 1000)
        if undo is not None:
            await undo()
    return Latency(source, kind, samples, answered)


async def run(stack: Stack) -> list[Latency]:
    users = Database("users")
    try:
        seller = await _account(users, "seller", ["FREELANCER", "SELLER"])
        buyer = await _account(users, "buyer", [])
        moderator = await _account(users, "moderator", ["MODERATOR"])
    finally:
        await users.dispose()
    redis = Redis.from_url(stack.env.redis_url)
    async with httpx.AsyncClient(base_url=stack.urls["router"], timeout=WAIT_SECONDS) as http:
        api = Api(http)
        scene = await _set_up(api, seller, buyer, moderator)
        socket = await _subscribe(stack.urls["router"], seller.token)
        try:
            await _listening(redis, seller.id)

            async def place_order() -> object:
                return await api.mutate(
                    buyer,
                    "mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { errors { code } } }",
                    i={"gigId": scene.gig_id, "tier": "BASIC", "requirements": "Blue, please."},
                )

            async def add_comment() -> object:
                return await api.mutate(
                    buyer,
                    "mutation($i: AddCommentInput!) { addComment(input: $i) { errors { code } } }",
                    i={"postId": scene.post_id, "body": "A comment for the benchmark."},
                )

            async def favorite() -> object:
                return await api.mutate(
                    buyer,
                    "mutation($id: ID!) { favoriteProduct(productId: $id) { errors { code } } }",
                    id=scene.product_id,
                )

            async def unfavorite() -> object:  # so that the next favorite is news again
                return await api.mutate(
                    buyer,
                    "mutation($id: ID!) { unfavoriteProduct(productId: $id) { errors { code } } }",
                    id=scene.product_id,
                )

            return [
                await _measure(socket, "freelance", "ORDER_PLACED", place_order, None),
                await _measure(socket, "content", "COMMENT_ON_POST", add_comment, None),
                await _measure(socket, "marketplace", "PRODUCT_FAVORITED", favorite, unfavorite),
            ]
        finally:
            await socket.close()
            await redis.aclose()
