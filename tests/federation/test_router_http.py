"""The router over real HTTP: four small graphql-core subgraphs on loopback ports, the
router app served by uvicorn, a client speaking GraphQL over HTTP."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn
from graphql import GraphQLObjectType, GraphQLSchema, build_schema, graphql
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from router.app import create_app
from tests.federation.test_router_supergraph import SHOP_SUPERGRAPH

ENTITY = "scalar _Any\n"
ENTITIES_FIELD = "_entities(representations: [_Any!]!): [_Entity]!"

PRODUCTS: dict[str, dict[str, Any]] = {
    "1": {"id": "1", "name": "Table", "price": 100, "weight": 10, "secret": "s1"},
    "2": {"id": "2", "name": "Chair", "price": 50, "weight": 4, "secret": "s2"},
}
REVIEWS: dict[str, dict[str, Any]] = {
    "r1": {"id": "r1", "body": "Solid", "product": "1", "author": "u1", "editor": "u404"},
    "r2": {"id": "r2", "body": "Wobbly", "product": "1", "author": "u2", "editor": "u500"},
    "r3": {"id": "r3", "body": "Comfy", "product": "2", "author": "u1", "editor": "u2"},
}
USERS: dict[str, dict[str, Any]] = {
    "u1": {"id": "u1", "name": "Ada", "email": "ada@example.org", "nickname": "ada"},
    "u2": {"id": "u2", "name": "Grace", "email": "grace@example.org", "nickname": "amazing"},
    "u500": {"id": "u500", "name": "Broken", "email": None, "nickname": None},
}


def typed(typename: str, value: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if value is None else {"__typename": typename, **value}


def review(review_id: str) -> dict[str, Any]:
    data = REVIEWS[review_id]
    return {
        "__typename": "Review",
        "id": data["id"],
        "body": data["body"],
        "product": {"__typename": "Product", "id": data["product"]},
        "author": {
            "__typename": "User",
            "id": data["author"],
            "name": USERS[data["author"]]["name"],
        },
        "editor": {"__typename": "User", "id": data["editor"]},
    }


@dataclass
class FixtureSubgraph:
    """A subgraph served by graphql-core that records what the router sends it."""

    name: str
    schema: GraphQLSchema
    requests: list[dict[str, Any]] = field(default_factory=list)

    async def handle(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(
            {"query": body["query"], "variables": body.get("variables"), "headers": request.headers}
        )
        result = await graphql(self.schema, body["query"], variable_values=body.get("variables"))
        return JSONResponse(result.formatted)


def build_subgraph(
    name: str,
    sdl: str,
    resolvers: dict[str, Callable[..., Any]],
    entities: dict[str, Callable[[dict[str, Any]], Any]],
) -> FixtureSubgraph:
    schema = build_schema(sdl)
    for path, resolver in resolvers.items():
        type_name, field_name = path.split(".")
        type_ = schema.type_map[type_name]
        assert isinstance(type_, GraphQLObjectType)
        type_.fields[field_name].resolve = resolver
    query = schema.query_type
    assert query is not None
    query.fields["_entities"].resolve = lambda _, __, representations: [
        entities[r["__typename"]](r) for r in representations
    ]
    for type_ in schema.type_map.values():
        if hasattr(type_, "resolve_type"):
            type_.resolve_type = lambda value, *_: value["__typename"]
    return FixtureSubgraph(name, schema)


def raise_error(message: str) -> Any:
    raise ValueError(message)


def shop_subgraphs() -> dict[str, FixtureSubgraph]:
    products = build_subgraph(
        "products",
        ENTITY
        + f"""
        type Query {{
          products: [Product!]!
          product(id: ID!): Product
          search(text: String!): [SearchResult!]!
          media: [Media!]!
          {ENTITIES_FIELD}
        }}
        type Product {{ id: ID! name: String! price: Int! weight: Int! secret: String }}
        type Category {{ title: String! }}
        union SearchResult = Product | Category
        interface Media {{ id: ID! title: String! }}
        type Book implements Media {{ id: ID! title: String! pages: Int! }}
        type Film implements Media {{ id: ID! title: String! minutes: Int! }}
        union _Entity = Product | Book | Film
        """,
        {
            "Query.products": lambda *_: [typed("Product", p) for p in PRODUCTS.values()],
            "Query.product": lambda _, __, id: typed("Product", PRODUCTS.get(id)),
            "Query.search": lambda *_, **__: [
                typed("Product", PRODUCTS["2"]),
                {"__typename": "Category", "title": "Furniture"},
            ],
            "Query.media": lambda *_: [
                {"__typename": "Book", "id": "m1", "title": "Dune", "pages": 412},
                {"__typename": "Film", "id": "m2", "title": "Alien", "minutes": 117},
            ],
        },
        {"Product": lambda r: typed("Product", PRODUCTS.get(r["id"]))},
    )
    reviews = build_subgraph(
        "reviews",
        ENTITY
        + f"""
        type Query {{ topReviews(first: Int): [Review!]! {ENTITIES_FIELD} }}
        type Mutation {{ addReview(productId: ID!, body: String!): Review }}
        type Review {{ id: ID! body: String! product: Product! author: User! editor: User }}
        type Product {{ id: ID! reviews: [Review!]! }}
        type User {{ id: ID! name: String! }}
        type Media {{ id: ID! rating: Int }}
        union _Entity = Product | Review | User | Media
        """,
        {
            "Query.topReviews": lambda _, __, first=2: [review(r) for r in list(REVIEWS)[:first]],
            "Product.reviews": lambda product, _: [
                review(r) for r, data in REVIEWS.items() if data["product"] == product["id"]
            ],
        },
        {
            "Product": lambda r: {"__typename": "Product", "id": r["id"]},
            "Review": lambda r: review(r["id"]),
            "Media": lambda r: {"__typename": "Media", "id": r["id"], "rating": len(r["id"]) + 3},
        },
    )
    users = build_subgraph(
        "users",
        ENTITY
        + f"""
        type Query {{ me: User {ENTITIES_FIELD} }}
        type Mutation {{ rename(name: String!): User }}
        type User {{ id: ID! name: String! email: String! nickname: String }}
        union _Entity = User
        """,
        {
            "Query.me": lambda *_: typed("User", USERS["u1"]),
            "Mutation.rename": lambda _, __, name: typed("User", {**USERS["u1"], "name": name}),
            "User.email": lambda user, _: (
                user["email"] or raise_error(f"no email for {user['id']}")
            ),
        },
        {"User": lambda r: typed("User", USERS.get(r["id"]))},
    )
    inventory = build_subgraph(
        "inventory",
        ENTITY
        + f"""
        type Query {{ {ENTITIES_FIELD} }}
        type Product {{ id: ID! price: Int! weight: Int! inStock: Boolean! shippingEstimate: Int! }}
        union _Entity = Product
        """,
        {},
        {
            "Product": lambda r: {
                "__typename": "Product",
                "id": r["id"],
                "inStock": r["id"] == "1",
                # Only computable when the router sent the @requires fields.
                "shippingEstimate": r["price"] * r["weight"] // 10 if "price" in r else None,
            }
        },
    )
    return {s.name: s for s in (products, reviews, users, inventory)}


def bound_socket() -> socket.socket:
    """A listening loopback socket: its port is known before the server starts, and
    connections wait in the backlog until it accepts them."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


def url_of(sock: socket.socket, path: str = "") -> str:
    return f"http://127.0.0.1:{sock.getsockname()[1]}{path}"


@dataclass
class Servers:
    subgraphs: dict[str, FixtureSubgraph]
    router_url: str
    broken_router_url: str
    slow_router_url: str
    tasks: list[tuple[uvicorn.Server, asyncio.Task[None]]]

    def clear(self) -> None:
        for subgraph in self.subgraphs.values():
            subgraph.requests.clear()


def serve(app: Any, sock: socket.socket) -> tuple[uvicorn.Server, asyncio.Task[None]]:
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    return server, asyncio.create_task(server.serve(sockets=[sock]))


@pytest.fixture(scope="module")
async def servers() -> AsyncIterator[Servers]:
    subgraphs = shop_subgraphs()
    tasks = []
    urls = {}
    for name, subgraph in subgraphs.items():
        sock = bound_socket()
        urls[name] = url_of(sock, "/graphql")
        app = Starlette(routes=[Route("/graphql", subgraph.handle, methods=["POST"])])
        tasks.append(serve(app, sock))
    router_sock, broken_sock = bound_socket(), bound_socket()
    # Bound but never listening: connections to it are refused (the users subgraph is
    # "down"), and no other process can take the port while the tests run.
    closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    closed.bind(("127.0.0.1", 0))
    closed_url = url_of(closed, "/graphql")
    tasks.append(serve(create_app(SHOP_SUPERGRAPH, subgraph_urls=urls), router_sock))
    broken_urls = {**urls, "users": closed_url}
    broken = create_app(
        SHOP_SUPERGRAPH, subgraph_urls=broken_urls, max_body_bytes=2_000, ready_timeout=1
    )
    tasks.append(serve(broken, broken_sock))
    # A users subgraph that never answers, behind a router with a short subgraph timeout.
    release = asyncio.Event()

    async def hang(_: Request) -> Response:
        await release.wait()
        return JSONResponse({"data": None})

    hanging_sock, slow_sock = bound_socket(), bound_socket()
    tasks.append(serve(Starlette(routes=[Route("/graphql", hang, methods=["POST"])]), hanging_sock))
    slow_urls = {**urls, "users": url_of(hanging_sock, "/graphql")}
    slow = create_app(SHOP_SUPERGRAPH, subgraph_urls=slow_urls, subgraph_timeout=0.3)
    tasks.append(serve(slow, slow_sock))
    yield Servers(subgraphs, url_of(router_sock), url_of(broken_sock), url_of(slow_sock), tasks)
    release.set()
    for server, task in tasks:
        server.should_exit = True
        await asyncio.wait_for(task, 10)
    closed.close()


@pytest.fixture
async def client(servers: Servers) -> AsyncIterator[httpx.AsyncClient]:
    servers.clear()
    async with httpx.AsyncClient(base_url=servers.router_url, timeout=10) as http_client:
        yield http_client


async def post(client: httpx.AsyncClient, query: str, **extra: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, **extra})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_query_across_four_subgraphs(client: httpx.AsyncClient) -> None:
    body = await post(
        client,
        """{ items: products { label: name __typename inStock shippingEstimate
               reviews { body author { name nickname } } } }""",
    )
    assert "errors" not in body
    assert body["data"] == {
        "items": [
            {
                "label": "Table",
                "__typename": "Product",
                "inStock": True,
                "shippingEstimate": 100,
                "reviews": [
                    {"body": "Solid", "author": {"name": "Ada", "nickname": "ada"}},
                    {"body": "Wobbly", "author": {"name": "Grace", "nickname": "amazing"}},
                ],
            },
            {
                "label": "Chair",
                "__typename": "Product",
                "inStock": False,
                "shippingEstimate": 20,
                "reviews": [{"body": "Comfy", "author": {"name": "Ada", "nickname": "ada"}}],
            },
        ]
    }


async def test_entities_are_batched_and_deduplicated(
    client: httpx.AsyncClient, servers: Servers
) -> None:
    body = await post(client, "{ topReviews(first: 3) { author { email } } }")
    assert body["data"]["topReviews"] == [
        {"author": {"email": "ada@example.org"}},
        {"author": {"email": "grace@example.org"}},
        {"author": {"email": "ada@example.org"}},
    ]
    users = servers.subgraphs["users"].requests
    assert len(users) == 1
    assert users[0]["variables"]["representations"] == [
        {"__typename": "User", "id": "u1"},
        {"__typename": "User", "id": "u2"},
    ]


async def test_requires_fields_travel_in_the_representations(
    client: httpx.AsyncClient, servers: Servers
) -> None:
    await post(client, '{ product(id: "2") { shippingEstimate } }')
    (request,) = servers.subgraphs["inventory"].requests
    assert request["variables"]["representations"] == [
        {"__typename": "Product", "id": "2", "price": 50, "weight": 4}
    ]


async def test_null_bubbles_to_the_nearest_nullable_parent_with_repathed_errors(
    client: httpx.AsyncClient,
) -> None:
    body = await post(client, '{ product(id: "1") { name reviews { id editor { email } } } }')
    assert body["data"] == {
        "product": {
            "name": "Table",
            "reviews": [{"id": "r1", "editor": None}, {"id": "r2", "editor": None}],
        }
    }
    (error,) = body["errors"]
    assert error["message"] == "no email for u500"
    assert error["path"] == ["product", "reviews", 1, "editor", "email"]


async def test_a_failing_subgraph_gives_partial_data_and_an_error(servers: Servers) -> None:
    async with httpx.AsyncClient(base_url=servers.broken_router_url, timeout=10) as broken:
        response = await broken.post(
            "/graphql", json={"query": "{ topReviews { body editor { email } } }"}
        )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {
        "topReviews": [{"body": "Solid", "editor": None}, {"body": "Wobbly", "editor": None}]
    }
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ('Subgraph "users" is unavailable.', "SUBGRAPH_UNAVAILABLE")
    ]


async def test_union_and_interface_object(client: httpx.AsyncClient) -> None:
    body = await post(
        client,
        """{ search(text: "chair") { __typename ... on Product { name inStock }
                                     ... on Category { title } }
             media { __typename title rating ... on Book { pages } ... on Film { minutes } } }""",
    )
    assert body == {
        "data": {
            "search": [
                {"__typename": "Product", "name": "Chair", "inStock": False},
                {"__typename": "Category", "title": "Furniture"},
            ],
            "media": [
                {"__typename": "Book", "title": "Dune", "rating": 5, "pages": 412},
                {"__typename": "Film", "title": "Alien", "rating": 5, "minutes": 117},
            ],
        }
    }


async def test_mutations_run_in_order(client: httpx.AsyncClient, servers: Servers) -> None:
    body = await post(
        client, 'mutation { a: rename(name: "A") { name } b: rename(name: "B") { name } }'
    )
    assert body["data"] == {"a": {"name": "A"}, "b": {"name": "B"}}
    sent = [r["query"] for r in servers.subgraphs["users"].requests]
    assert len(sent) == 2
    assert '"A"' in sent[0] and '"B"' in sent[1]


async def test_get_runs_queries_and_refuses_mutations(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql",
        params={
            "query": "query($id: ID!) { product(id: $id) { name } }",
            "variables": '{"id":"1"}',
        },
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"product": {"name": "Table"}}}
    refused = await client.get(
        "/graphql", params={"query": 'mutation { rename(name: "x") { id } }'}
    )
    assert refused.status_code == 405
    assert refused.json()["errors"]


async def test_response_media_types_follow_graphql_over_http(client: httpx.AsyncClient) -> None:
    modern = {"accept": "application/graphql-response+json"}
    ok = await client.post("/graphql", json={"query": "{ me { id } }"}, headers=modern)
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("application/graphql-response+json")
    invalid = await client.post("/graphql", json={"query": "{ nope }"}, headers=modern)
    assert invalid.status_code == 400
    assert invalid.json()["errors"][0]["message"].startswith("Cannot query field 'nope'")
    legacy = await client.post(
        "/graphql", json={"query": "{ nope }"}, headers={"accept": "application/json"}
    )
    assert legacy.status_code == 200
    assert legacy.headers["content-type"].startswith("application/json")
    assert "data" not in legacy.json()


async def test_request_body_is_limited(servers: Servers) -> None:
    async with httpx.AsyncClient(base_url=servers.broken_router_url, timeout=10) as broken:
        response = await broken.post(
            "/graphql", json={"query": "{ me { id } }", "variables": {"pad": "x" * 5_000}}
        )
    assert response.status_code == 413


async def test_authorization_and_request_id_reach_subgraphs(
    client: httpx.AsyncClient, servers: Servers
) -> None:
    response = await client.post(
        "/graphql",
        json={"query": "{ me { name } }"},
        headers={"authorization": "Bearer t0ken", "x-request-id": "req-42"},
    )
    assert response.headers["x-request-id"] == "req-42"
    (sent,) = servers.subgraphs["users"].requests
    assert sent["headers"]["authorization"] == "Bearer t0ken"
    assert sent["headers"]["x-request-id"] == "req-42"
    servers.clear()
    generated = await client.post("/graphql", json={"query": "{ me { name } }"})
    request_id = generated.headers["x-request-id"]
    assert len(request_id) >= 16
    assert servers.subgraphs["users"].requests[0]["headers"]["x-request-id"] == request_id
    assert "authorization" not in servers.subgraphs["users"].requests[0]["headers"]


async def test_introspection_is_answered_from_the_api_schema(client: httpx.AsyncClient) -> None:
    body = await post(
        client, '{ __typename __type(name: "Product") { fields { name } } me { __typename } }'
    )
    assert body["data"]["__typename"] == "Query"
    assert body["data"]["me"] == {"__typename": "User"}
    names = {f["name"] for f in body["data"]["__type"]["fields"]}
    assert "secret" not in names and "shippingEstimate" in names


async def test_health_and_ready(client: httpx.AsyncClient, servers: Servers) -> None:
    health = await client.get("/health")
    assert health.status_code == 200
    ready = await client.get("/ready")
    assert ready.status_code == 200
    checks = ready.json()["subgraphs"]
    assert {c["name"] for c in checks} == {"products", "reviews", "users", "inventory"}
    assert all(c["ok"] and c["ms"] >= 0 for c in checks)
    assert ready.json()["status"] == "ok"
    # A subgraph down is reported, but the router still serves: it stays ready.
    async with httpx.AsyncClient(base_url=servers.broken_router_url, timeout=10) as broken:
        degraded = await broken.get("/ready")
    assert degraded.status_code == 200
    assert degraded.json()["status"] == "degraded"
    down = [c for c in degraded.json()["subgraphs"] if not c["ok"]]
    assert [c["name"] for c in down] == ["users"]


async def test_graphiql_is_served_with_local_assets(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "/graphiql/static/graphiql.min.js" in page.text
    asset = await client.get("/graphiql/static/graphiql.min.js")
    assert asset.status_code == 200
    assert len(asset.content) > 1000


async def test_a_subgraph_past_its_timeout_is_reported_not_waited_for(servers: Servers) -> None:
    async with httpx.AsyncClient(base_url=servers.slow_router_url, timeout=10) as slow:
        response = await slow.post(
            "/graphql", json={"query": '{ me { name } product(id: "2") { name } }'}
        )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"me": None, "product": {"name": "Chair"}}
    assert body["errors"] == [
        {
            "message": 'Subgraph "users" is unavailable.',
            "extensions": {"code": "SUBGRAPH_UNAVAILABLE", "service": "users"},
        }
    ]
