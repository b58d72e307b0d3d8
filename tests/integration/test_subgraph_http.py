"""The subgraph app around GraphQL: health, readiness, request ids, limits, masking."""

from __future__ import annotations

from collections.abc import AsyncIterator

import orjson

from subgraphs.kit.settings import get_settings
from tests.support.graphql import GraphQLClient


async def test_health_and_ready(users: GraphQLClient) -> None:
    health = await users.http.get("/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    ready = await users.http.get("/ready")
    body = ready.json()
    assert ready.status_code == 200, body
    assert body["database"]["ok"] is True and body["redis"]["ok"] is True


async def test_request_id_is_echoed_or_made(users: GraphQLClient) -> None:
    given = await users.http.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"x-request-id": "trace-123"}
    )
    assert given.headers["x-request-id"] == "trace-123"
    made = await users.http.post("/graphql", json={"query": "{ __typename }"})
    assert len(made.headers["x-request-id"]) == 32


async def test_token_limit(users: GraphQLClient) -> None:
    limit = get_settings().max_query_tokens
    huge = "{ " + " ".join("__typename" for _ in range(limit + 1)) + " }"
    body = await users.execute(huge)
    assert body.get("data") is None
    assert f"more than {limit} tokens" in body["errors"][0]["message"]


async def test_bodies_over_the_limit_are_refused_with_a_code(users: GraphQLClient) -> None:
    limit = get_settings().subgraph_max_body_bytes
    padding = " " * limit  # whitespace: the document itself is tiny
    declared = await users.http.post(
        "/graphql",
        content=orjson.dumps({"query": "{ __typename }" + padding}),
        headers={"content-type": "application/json"},
    )
    assert declared.status_code == 413
    assert declared.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"

    async def chunks() -> AsyncIterator[bytes]:  # no content-length: counted as it arrives
        yield b'{"query": "{ __typename }'
        for _ in range(limit // (1 << 20) + 1):
            yield b" " * (1 << 20)
        yield b'"}'

    streamed = await users.http.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    assert streamed.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    within = await users.execute("{ __typename }" + " " * 1000)
    assert within["data"] == {"__typename": "Query"}


async def test_graphiql_is_off_in_subgraphs(users: GraphQLClient) -> None:
    response = await users.http.get("/graphql", headers={"accept": "text/html"})
    assert "graphiql" not in response.text.lower()
