"""Every error the router makes itself has `extensions.code`, and its HTTP status follows the
GraphQL-over-HTTP spec under both response media types. One row per error; the README's table
is this one."""

from __future__ import annotations

import socket
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from benchmarks.attacks import THREAD
from common.auth import TokenVerifier, http_jwks_fetcher
from router.app import create_app
from router.cost import DEFAULT_MAX_COST
from router.edge import EdgeSettings, with_edge
from router.supergraph import Supergraph
from tests.support.environment import REPO_ROOT
from tests.support.servers import serve

SUPERGRAPH = (REPO_ROOT / "schema" / "supergraph.graphql").read_text()
JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
BODY_LIMIT = 20_000


@dataclass(frozen=True)
class Routers:
    main: str  # every subgraph unreachable: nothing here needs one to answer
    production: str  # introspection and GraphiQL off
    edge: str  # a JWT check and a rate limit of one request per window


@pytest.fixture(scope="module")
def routers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Routers]:
    # Bound, never listening: connections are refused, and no other process takes the port.
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    nowhere = f"http://127.0.0.1:{closed.getsockname()[1]}/graphql"
    urls = {name: nowhere for name in Supergraph(SUPERGRAPH).subgraphs}

    def app(**options: Any) -> Any:
        return create_app(
            SUPERGRAPH,
            subgraph_urls=urls,
            max_body_bytes=BODY_LIMIT,
            max_cost=DEFAULT_MAX_COST,  # as `agora router` runs
            **options,
        )

    verifier = TokenVerifier(http_jwks_fetcher(f"{nowhere}/jwks"), "agora")
    edge = EdgeSettings(rate_limit=1, rate_window_seconds=3600)
    with (
        serve(app()) as main,
        serve(app(introspection=False, graphiql=False)) as production,
        serve(with_edge(app(), edge, verifier)) as edged,
    ):
        yield Routers(main, production, edged)
    closed.close()


Send = Callable[[httpx.AsyncClient, dict[str, str]], Awaitable[httpx.Response]]


def post(body: Any, content_type: str | None = JSON) -> Send:
    def send(client: httpx.AsyncClient, headers: dict[str, str]) -> Awaitable[httpx.Response]:
        content = body if isinstance(body, bytes) else httpx.Request("POST", "/", json=body).content
        extra = {"content-type": content_type} if content_type else {}
        return client.post("/graphql", content=content, headers={**headers, **extra})

    return send


def get(**params: str) -> Send:
    def send(client: httpx.AsyncClient, headers: dict[str, str]) -> Awaitable[httpx.Response]:
        return client.get("/graphql", params=params, headers=headers)

    return send


def query(text: str, **extra: Any) -> Send:
    return post({"query": text, **extra})


def bomb(levels: int) -> str:
    """Each fragment selects the one below twice: 2**levels fields once expanded."""
    fragments = ["fragment F0 on Comment { id }"] + [
        f"fragment F{i} on Comment {{ parent {{ ...F{i - 1} }} parent {{ ...F{i - 1} }} }}"
        for i in range(1, levels + 1)
    ]
    return f'{{ comment(id: "1") {{ ...F{levels} }} }} ' + " ".join(fragments)


@dataclass(frozen=True)
class Row:
    error: str
    send: Send
    code: str
    status_json: int  # under application/json
    status_graphql: int  # under application/graphql-response+json
    router: str = "main"
    data: bool = False  # a field error: the response has data next to it


ROWS = [
    Row("body is not JSON", post(b"{nope"), "BAD_REQUEST", 400, 400),
    Row("body is not an object", post([1]), "BAD_REQUEST", 400, 400),
    Row("no query", post({"variables": {}}), "BAD_REQUEST", 400, 400),
    Row("variables not an object", query("{ me { id } }", variables=[1]), "BAD_REQUEST", 400, 400),
    Row("operationName not a string", query("{ me { id } }", operationName=1), "BAD_REQUEST", 400, 400),
    Row("variables param not JSON (GET)", get(query="{ me { id } }", variables="{"), "BAD_REQUEST", 400, 400),
    Row("mutation over GET", get(query='mutation { joinChannel(id: "1") { errors { code } } }'), "BAD_REQUEST", 405, 405),
    Row("method other than GET/POST", lambda c, h: c.put("/graphql", headers=h), "BAD_REQUEST", 405, 405),
    Row("POST without content type", post({"query": "{ me { id } }"}, None), "BAD_REQUEST", 415, 415),
    Row("POST as text/plain", post({"query": "{ me { id } }"}, "text/plain"), "BAD_REQUEST", 415, 415),
    Row("body over the size limit", query("{ me { id } }", pad="x" * BODY_LIMIT), "BAD_REQUEST", 413, 413),
    Row("syntax error", query("{ me { id "), "GRAPHQL_PARSE_FAILED", 200, 400),
    Row("unknown field", query("{ nope }"), "GRAPHQL_VALIDATION_FAILED", 200, 400),
    Row("argument of the wrong type, inline", query("{ comment(id: [1]) { id } }"), "GRAPHQL_VALIDATION_FAILED", 200, 400),
    Row("variable of the wrong type", query("query($id: ID!) { comment(id: $id) { id } }", variables={"id": [1]}), "BAD_USER_INPUT", 200, 400),
    Row("required variable missing", query("query($id: ID!) { comment(id: $id) { id } }"), "BAD_USER_INPUT", 200, 400),
    Row("unknown operationName", query("query A { me { id } }", operationName="B"), "OPERATION_RESOLUTION_FAILURE", 200, 400),
    Row("several operations, no name", query("query A { me { id } } query B { me { id } }"), "OPERATION_RESOLUTION_FAILURE", 200, 400),
    Row("subscription over HTTP", query("subscription { notificationReceived { id } }"), "BAD_REQUEST", 200, 400),
    Row("too many tokens", query("{ " + "a " * 4001 + "}"), "MAX_TOKENS_LIMIT", 200, 400),
    Row("too deep", query("{ me " + "{ me " * 20 + "{ id }" + " }" * 21), "MAX_DEPTH_LIMIT", 200, 400),
    Row("too many aliases", query("{ me { " + " ".join(f"a{i}: id" for i in range(101)) + " } }"), "MAX_ALIASES_LIMIT", 200, 400),
    Row("too many root fields", query("{ " + "__typename " * 33 + "}"), "MAX_ROOT_FIELDS_LIMIT", 200, 400),
    Row("too many fields (fragment bomb)", query(bomb(12)), "MAX_FIELDS_LIMIT", 200, 400),
    Row("too costly to validate", query("{ " + " ".join(["me { " + "id " * 30 + "}"] * 30) + " }"), "VALIDATION_TOO_COMPLEX", 200, 400),
    Row("estimated cost over the budget", query("{ " + THREAD + " }"), "COST_ESTIMATED_TOO_EXPENSIVE", 200, 400),
    Row("introspection when disabled", query("{ __schema { queryType { name } } }"), "INTROSPECTION_DISABLED", 200, 400, "production"),
    Row("persisted query unknown (APQ)", post({"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}}), "PERSISTED_QUERY_NOT_FOUND", 200, 400),
    Row("persisted query hash mismatch", query("{ me { id } }", extensions={"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}), "PERSISTED_QUERY_HASH_MISMATCH", 400, 400),
    Row("persisted query version unknown", post({"extensions": {"persistedQuery": {"version": 2, "sha256Hash": "0" * 64}}}), "PERSISTED_QUERY_NOT_SUPPORTED", 200, 400),
    Row("subgraph unreachable", query("{ me { id } }"), "SUBGRAPH_UNAVAILABLE", 200, 200, data=True),
    Row("invalid access token", post({"query": "{ me { id } }"}), "UNAUTHENTICATED", 401, 401, "edge"),
]  # fmt: skip


@pytest.mark.parametrize("media_type", [JSON, GRAPHQL_RESPONSE])
@pytest.mark.parametrize("row", ROWS, ids=[row.error for row in ROWS])
async def test_router_errors_have_a_code_and_the_spec_status(
    routers: Routers, row: Row, media_type: str
) -> None:
    headers = {"accept": media_type}
    if row.code == "UNAUTHENTICATED":
        headers["authorization"] = "Bearer not-a-token"
    async with httpx.AsyncClient(base_url=getattr(routers, row.router), timeout=30) as client:
        response = await row.send(client, headers)
    body = response.json()
    expected = row.status_json if media_type == JSON else row.status_graphql
    assert response.status_code == expected, body
    assert [e["extensions"]["code"] for e in body["errors"]][:1] == [row.code], body
    assert all("code" in e.get("extensions", {}) for e in body["errors"]), body
    assert ("data" in body) is row.data, body
    if row.router != "edge":  # the edge answers before the endpoint (plain application/json)
        assert response.headers["content-type"].startswith(media_type)
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_rate_limited_requests_have_their_code(routers: Routers) -> None:
    async with httpx.AsyncClient(base_url=routers.edge, timeout=30) as client:
        statuses = []
        for _ in range(2):  # a limit of one per window: the second is refused
            response = await client.post("/graphql", json={"query": "{ __typename }"})
            statuses.append(response.status_code)
    assert statuses == [200, 429]
    assert response.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_an_inline_mistake_and_the_same_mistake_in_variables_have_one_shape(
    routers: Routers,
) -> None:
    async with httpx.AsyncClient(base_url=routers.main, timeout=30) as client:
        inline = await client.post(
            "/graphql", json={"query": '{ channels(first: "x") { totalCount } }'}
        )
        variable = await client.post(
            "/graphql",
            json={
                "query": "query($n: Int) { channels(first: $n) { totalCount } }",
                "variables": {"n": "x"},
            },
        )
    assert inline.status_code == variable.status_code == 200
    for body in (inline.json(), variable.json()):
        assert set(body) == {"errors"}
        [only] = body["errors"]
        assert set(only) == {"message", "locations", "extensions"}, only
        assert only["locations"][0]["line"] == 1


async def test_subgraph_errors_say_nothing_of_the_transport(routers: Routers) -> None:
    async with httpx.AsyncClient(base_url=routers.main, timeout=30) as client:
        response = await client.post("/graphql", json={"query": "{ me { id } }"})
    [only] = response.json()["errors"]
    assert only["extensions"]["code"] == "SUBGRAPH_UNAVAILABLE"
    for detail in ("ConnectError", "Errno", "refused", "127.0.0.1"):
        assert detail not in only["message"], only


async def test_graphiql_page_allows_only_its_own_assets(routers: Routers) -> None:
    async with httpx.AsyncClient(base_url=routers.main, timeout=30) as client:
        page = await client.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code == 200
        policy = page.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert "'unsafe-inline'" not in policy
        assert page.headers["x-frame-options"] == "DENY"
        assert "<script>" not in page.text and "<style>" not in page.text  # nothing inline
        asset = await client.get("/graphiql/static/agora-graphiql.js")
        assert asset.status_code == 200


async def test_production_switches_serve_no_graphiql(routers: Routers) -> None:
    async with httpx.AsyncClient(base_url=routers.production, timeout=30) as client:
        page = await client.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code == 400
        assert page.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
        assert (await client.get("/graphiql/static/agora-graphiql.js")).status_code == 404
        typename = await client.post("/graphql", json={"query": "{ __typename }"})
        assert typename.json() == {"data": {"__typename": "Query"}}
