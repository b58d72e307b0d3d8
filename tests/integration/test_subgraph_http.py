"""The subgraph app around GraphQL: health, readiness, request ids, limits, masking."""

from __future__ import annotations

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
    huge = "{ " + " ".join("__typename" for _ in range(5000)) + " }"
    body = await users.execute(huge)
    assert body.get("data") is None
    assert "more than 4000 tokens" in body["errors"][0]["message"]


async def test_graphiql_is_off_in_subgraphs(users: GraphQLClient) -> None:
    response = await users.http.get("/graphql", headers={"accept": "text/html"})
    assert "graphiql" not in response.text.lower()
