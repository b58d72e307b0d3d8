"""`@defer` through the router, over real HTTP (multipart/mixed), SSE and WebSocket, on the
four small subgraphs of `test_router_http` (products, reviews, users, inventory)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from router.app import create_app
from router.subscriptions import with_subscriptions
from tests.e2e.live import live_client
from tests.federation.test_router_http import (
    FixtureSubgraph,
    bound_socket,
    serve,
    shop_subgraphs,
    url_of,
)
from tests.federation.test_router_planning import plan
from tests.federation.test_router_supergraph import SHOP_SUPERGRAPH

MULTIPART = "multipart/mixed;deferSpec=20220824,application/json"  # what Apollo Client sends
REVIEWS_LATER = '{ products { name ... @defer(label: "reviews") { reviews { body } } } }'
TABLE_REVIEWS = [{"body": "Solid"}, {"body": "Wobbly"}]
CHAIR_REVIEWS = [{"body": "Comfy"}]


@dataclass
class Servers:
    router_url: str
    subgraphs: dict[str, FixtureSubgraph]


@pytest.fixture(scope="module")
async def servers() -> AsyncIterator[Servers]:
    subgraphs = shop_subgraphs()
    tasks, urls = [], {}
    for name, subgraph in subgraphs.items():
        sock = bound_socket()
        urls[name] = url_of(sock, "/graphql")
        app = Starlette(routes=[Route("/graphql", subgraph.handle, methods=["POST"])])
        tasks.append(serve(app, sock))
    sock = bound_socket()
    router = with_subscriptions(create_app(SHOP_SUPERGRAPH, subgraph_urls=urls))
    tasks.append(serve(router, sock))
    yield Servers(url_of(sock), subgraphs)
    for server, task in tasks:
        server.should_exit = True
        await asyncio.wait_for(task, 10)


@pytest.fixture
async def client(servers: Servers) -> AsyncIterator[httpx.AsyncClient]:
    for subgraph in servers.subgraphs.values():
        subgraph.requests.clear()
    async with httpx.AsyncClient(base_url=servers.router_url, timeout=10) as http:
        yield http


def parts(response: httpx.Response) -> list[dict[str, Any]]:
    """The JSON payloads of a multipart/mixed body, checking its framing as Apollo Client
    reads it (boundary from the content type, a JSON content type per part, a final
    boundary)."""
    content_type = response.headers["content-type"]
    assert content_type.startswith("multipart/mixed") and "deferSpec=20220824" in content_type
    assert 'boundary="-"' in content_type
    body = response.text
    assert body.startswith("\r\n---\r\n") and body.endswith("\r\n-----\r\n")
    payloads = []
    for part in body[len("\r\n---\r\n") : -len("\r\n-----\r\n")].split("\r\n---\r\n"):
        head, _, json = part.partition("\r\n\r\n")
        assert head.lower().startswith("content-type: application/json"), head
        payloads.append(orjson.loads(json))
    return payloads


async def deferred(client: httpx.AsyncClient, query: str, **body: Any) -> list[dict[str, Any]]:
    response = await client.post(
        "/graphql", json={"query": query, **body}, headers={"accept": MULTIPART}
    )
    assert response.status_code == 200, response.text
    return parts(response)


async def test_deferred_fields_come_in_a_later_payload_with_their_label(
    client: httpx.AsyncClient, servers: Servers
) -> None:
    assert await deferred(client, REVIEWS_LATER) == [
        {"data": {"products": [{"name": "Table"}, {"name": "Chair"}]}, "hasNext": True},
        {
            "incremental": [
                {"data": {"reviews": TABLE_REVIEWS}, "path": ["products", 0], "label": "reviews"},
                {"data": {"reviews": CHAIR_REVIEWS}, "path": ["products", 1], "label": "reviews"},
            ],
            "hasNext": False,
        },
    ]
    # The initial fetch did not ask for reviews; they came from a later entity fetch.
    first, later = servers.subgraphs["products"].requests, servers.subgraphs["reviews"].requests
    assert len(first) == 1 and "reviews" not in first[0]["query"]
    assert len(later) == 1 and "_entities" in later[0]["query"]


def test_the_plan_keeps_deferred_parts_apart() -> None:
    described = plan(REVIEWS_LATER, defer=True).describe()
    assert described == (
        "QueryPlan {\n"
        "  Sequence {\n"
        '    Fetch(service: "PRODUCTS") query{products{name __typename id}}\n'
        "  }\n"
        '  Deferred(path: "products.@", label: "reviews") {\n'
        '    Flatten(path: "products.@") { Fetch(service: "REVIEWS") '
        "query($representations:[_Any!]!)"
        "{_entities(representations:$representations){...on Product{reviews{body}}}} }\n"
        "  }\n"
        "}"
    )
    # Without incremental delivery the same document is one plan, nothing deferred.
    assert "Deferred" not in plan(REVIEWS_LATER).describe()


async def test_a_client_without_multipart_gets_one_response(client: httpx.AsyncClient) -> None:
    for accept in ("application/json", "application/graphql-response+json"):
        response = await client.post(
            "/graphql", json={"query": REVIEWS_LATER}, headers={"accept": accept}
        )
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(accept)
        assert response.json() == {
            "data": {
                "products": [
                    {"name": "Table", "reviews": TABLE_REVIEWS},
                    {"name": "Chair", "reviews": CHAIR_REVIEWS},
                ]
            }
        }


async def test_defer_if_false_is_not_deferred(client: httpx.AsyncClient) -> None:
    query = "query($later: Boolean!) { me { name ... @defer(if: $later) { email } } }"
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": {"later": False}},
        headers={"accept": MULTIPART},
    )
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"data": {"me": {"name": "Ada", "email": "ada@example.org"}}}
    assert await deferred(client, query, variables={"later": True}) == [
        {"data": {"me": {"name": "Ada"}}, "hasNext": True},
        {"incremental": [{"data": {"email": "ada@example.org"}, "path": ["me"]}], "hasNext": False},
    ]
    literal = await client.post(
        "/graphql",
        json={"query": "{ me { name ... @defer(if: false) { email } } }"},
        headers={"accept": MULTIPART},
    )
    assert literal.json() == {"data": {"me": {"name": "Ada", "email": "ada@example.org"}}}


async def test_an_error_in_a_deferred_part_lands_in_its_payload(
    client: httpx.AsyncClient,
) -> None:
    # u500's email fails in the users subgraph; the initial payload has no error.
    payloads = await deferred(
        client, "{ topReviews(first: 2) { body ... @defer { editor { email } } } }"
    )
    assert payloads[0] == {
        "data": {"topReviews": [{"body": "Solid"}, {"body": "Wobbly"}]},
        "hasNext": True,
    }
    assert payloads[1]["hasNext"] is False
    first, second = payloads[1]["incremental"]
    assert first == {"data": {"editor": None}, "path": ["topReviews", 0]}  # u404: no user
    assert second["data"] == {"editor": None} and second["path"] == ["topReviews", 1]
    assert [(e["message"], e["path"]) for e in second["errors"]] == [
        ("no email for u500", ["topReviews", 1, "editor", "email"])
    ]


async def test_nested_defers_arrive_after_their_parent(client: httpx.AsyncClient) -> None:
    query = """{ products { name ... @defer(label: "stock") { inStock
                 ...Reviews @defer(label: "reviews") } } }
               fragment Reviews on Product { reviews { body author { ... @defer { email } } } }"""
    payloads = await deferred(client, query)
    assert [p["hasNext"] for p in payloads] == [True, True, True, False]
    assert payloads[1]["incremental"] == [
        {"data": {"inStock": True}, "path": ["products", 0], "label": "stock"},
        {"data": {"inStock": False}, "path": ["products", 1], "label": "stock"},
    ]
    assert payloads[2]["incremental"] == [
        {
            "data": {
                "reviews": [{"body": "Solid", "author": {}}, {"body": "Wobbly", "author": {}}]
            },
            "path": ["products", 0],
            "label": "reviews",
        },
        {
            "data": {"reviews": [{"body": "Comfy", "author": {}}]},
            "path": ["products", 1],
            "label": "reviews",
        },
    ]
    emails = {tuple(i["path"]): i["data"]["email"] for i in payloads[3]["incremental"]}
    assert emails == {
        ("products", 0, "reviews", 0, "author"): "ada@example.org",
        ("products", 0, "reviews", 1, "author"): "grace@example.org",
        ("products", 1, "reviews", 0, "author"): "ada@example.org",
    }


async def test_a_deferred_root_fragment_and_aliases(client: httpx.AsyncClient) -> None:
    query = '{ items: products { label: name } ... @defer(label: "me") { who: me { name } } }'
    assert await deferred(client, query) == [
        {"data": {"items": [{"label": "Table"}, {"label": "Chair"}]}, "hasNext": True},
        {
            "incremental": [{"data": {"who": {"name": "Ada"}}, "path": [], "label": "me"}],
            "hasNext": False,
        },
    ]


async def test_nothing_to_defer_ends_with_the_initial_payload(client: httpx.AsyncClient) -> None:
    query = '{ product(id: "404") { name ... @defer { inStock } } }'
    assert await deferred(client, query) == [{"data": {"product": None}, "hasNext": False}]


async def test_abstract_positions_and_type_conditions(client: httpx.AsyncClient) -> None:
    query = '{ media { title ... on Book @defer(label: "book") { rating } } search(text: "x") { ... on Category @defer { title } } }'
    payloads = await deferred(client, query)
    assert payloads[0] == {
        "data": {"media": [{"title": "Dune"}, {"title": "Alien"}], "search": [{}, {}]},
        "hasNext": True,
    }
    items = [i for p in payloads[1:] for i in p["incremental"]]
    assert sorted(items, key=lambda i: i["path"]) == [
        {"data": {"rating": 5}, "path": ["media", 0], "label": "book"},
        {"data": {"title": "Furniture"}, "path": ["search", 1]},
    ]
    assert payloads[-1]["hasNext"] is False


async def test_invalid_defers_are_refused_before_anything_runs(client: httpx.AsyncClient) -> None:
    for query, message in [
        (
            'mutation { ... @defer { rename(name: "x") { name } } }',
            "Defer directive cannot be used on root mutation type 'Mutation'.",
        ),
        (
            '{ me { ... @defer(label: "a") { name } ... @defer(label: "a") { email } } }',
            "Defer/Stream directive label argument must be unique.",
        ),
    ]:
        response = await client.post(
            "/graphql", json={"query": query}, headers={"accept": MULTIPART}
        )
        assert response.status_code == 200
        body = response.json()
        assert body["errors"][0]["message"] == message
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_payloads_are_next_events_over_sse(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": REVIEWS_LATER}, headers={"accept": "text/event-stream"}
    )
    assert response.status_code == 200
    events = [
        (block.split("\n")[0], block.split("\n")[1].removeprefix("data:").strip())
        for block in response.text.strip().split("\n\n")
    ]
    assert [kind for kind, _ in events] == ["event: next", "event: next", "event: complete"]
    initial, later = (orjson.loads(data) for _, data in events[:2])
    assert initial == {
        "data": {"products": [{"name": "Table"}, {"name": "Chair"}]},
        "hasNext": True,
    }
    assert later["hasNext"] is False and len(later["incremental"]) == 2


async def test_payloads_are_next_messages_over_websocket(servers: Servers) -> None:
    async with live_client(servers.router_url, None) as socket:
        await socket.subscribe("q", REVIEWS_LATER)
        initial = await socket.receive()
        assert initial == {
            "id": "q",
            "type": "next",
            "payload": {
                "data": {"products": [{"name": "Table"}, {"name": "Chair"}]},
                "hasNext": True,
            },
        }
        later = await socket.receive()
        assert later["type"] == "next" and later["payload"]["hasNext"] is False
        assert [i["data"] for i in later["payload"]["incremental"]] == [
            {"reviews": TABLE_REVIEWS},
            {"reviews": CHAIR_REVIEWS},
        ]
        assert await socket.receive() == {"id": "q", "type": "complete"}


async def test_an_operation_without_defer_is_one_json_response_whatever_it_accepts(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ products { name } }"}, headers={"accept": MULTIPART}
    )
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"data": {"products": [{"name": "Table"}, {"name": "Chair"}]}}
