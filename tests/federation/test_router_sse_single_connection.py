"""GraphQL over SSE in single-connection mode (graphql-sse protocol) at the HTTP level: a
reservation, its event stream, operations POSTed to it, and every way to get a token wrong
(coded errors, never a 500). The stock graphql-sse client is exercised end to end in
`tests/e2e/test_subscriptions_through_router.py`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import orjson

from tests.federation.test_router_defer import REVIEWS_LATER, Servers, client, servers  # noqa: F401

TOKEN = "x-graphql-event-stream-token"
STREAM = {"accept": "text/event-stream"}


def codes(response: httpx.Response) -> list[str]:
    return [e["extensions"]["code"] for e in response.json()["errors"]]


async def reserve(http: httpx.AsyncClient) -> str:
    response = await http.put("/graphql")
    assert response.status_code == 201
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


class Events:
    """The events of an open stream, one at a time."""

    def __init__(self, lines: AsyncIterator[str]) -> None:
        self.lines = lines

    async def next(self, within: float = 5.0) -> tuple[str, dict[str, Any]]:
        kind = None
        while True:
            line = await asyncio.wait_for(anext(self.lines), within)
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: ") and kind:
                data: dict[str, Any] = orjson.loads(line.removeprefix("data: "))
                return kind, data


@asynccontextmanager
async def opened(http: httpx.AsyncClient, token: str) -> AsyncIterator[Events]:
    async with http.stream("GET", "/graphql", headers={**STREAM, TOKEN: token}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        yield Events(response.aiter_lines())


async def operation(
    http: httpx.AsyncClient, token: str, operation_id: str, query: str
) -> httpx.Response:
    body = {"query": query, "extensions": {"operationId": operation_id}}
    return await http.post("/graphql", json=body, headers={TOKEN: token})


async def test_operations_stream_through_one_connection(client: httpx.AsyncClient) -> None:  # noqa: F811
    token = await reserve(client)
    async with opened(client, token) as events:
        assert (await operation(client, token, "me", "{ me { name } }")).status_code == 202
        assert await events.next() == (
            "next",
            {"id": "me", "payload": {"data": {"me": {"name": "Ada"}}}},
        )
        assert await events.next() == ("complete", {"id": "me"})
        # A deferred operation: its payloads, in order, on the same stream.
        assert (await operation(client, token, "later", REVIEWS_LATER)).status_code == 202
        kind, first = await events.next()
        assert kind == "next" and first["id"] == "later" and first["payload"]["hasNext"] is True
        kind, second = await events.next()
        assert second["payload"]["hasNext"] is False and len(second["payload"]["incremental"]) == 2
        assert await events.next() == ("complete", {"id": "later"})
        # Refused before running: the errors come back at once, nothing on the stream.
        refused = await operation(client, token, "bad", "{ me { nope } }")
        assert (refused.status_code, codes(refused)) == (400, ["GRAPHQL_VALIDATION_FAILED"])
        missing = await client.post(
            "/graphql", json={"query": "{ me { name } }"}, headers={TOKEN: token}
        )
        assert (missing.status_code, codes(missing)) == (400, ["BAD_REQUEST"])
        stopped = await client.delete(
            "/graphql", params={"operationId": "me"}, headers={TOKEN: token}
        )
        assert stopped.status_code == 200


async def test_an_unknown_token_is_not_found(client: httpx.AsyncClient) -> None:  # noqa: F811
    unknown = {TOKEN: "no-such-token"}
    for response in [
        await client.get("/graphql", headers={**STREAM, **unknown}),
        await client.get("/graphql", params={"token": "no-such-token"}, headers=STREAM),
        await client.post(
            "/graphql",
            json={"query": "{ me { name } }", "extensions": {"operationId": "1"}},
            headers=unknown,
        ),
        await client.delete("/graphql", params={"operationId": "1"}, headers=unknown),
        await client.post(
            "/graphql",
            params={"token": "no-such-token"},
            json={"query": "{ me { name } }", "extensions": {"operationId": "1"}},
        ),
    ]:
        assert (response.status_code, codes(response)) == (404, ["STREAM_NOT_FOUND"])


async def test_a_stream_opens_once(client: httpx.AsyncClient) -> None:  # noqa: F811
    token = await reserve(client)
    async with opened(client, token):
        again = await client.get("/graphql", headers={**STREAM, TOKEN: token})
        assert (again.status_code, codes(again)) == (409, ["STREAM_ALREADY_OPEN"])


async def test_a_missing_token_is_a_coded_error(client: httpx.AsyncClient) -> None:  # noqa: F811
    stop = await client.delete("/graphql", params={"operationId": "1"})
    assert (stop.status_code, codes(stop)) == (400, ["STREAM_TOKEN_MISSING"])
    # An event stream with neither a query nor a token.
    stream = await client.get("/graphql", headers=STREAM)
    assert (stream.status_code, codes(stream)) == (400, ["BAD_REQUEST"])


async def test_other_requests_are_left_as_they_were(client: httpx.AsyncClient) -> None:  # noqa: F811
    # A PUT that wants JSON is no reservation: GraphQL over HTTP refuses the method.
    put = await client.put("/graphql", headers={"accept": "application/json"})
    assert (put.status_code, codes(put)) == (405, ["BAD_REQUEST"])
    delete = await client.delete("/graphql")
    assert (delete.status_code, codes(delete)) == (405, ["BAD_REQUEST"])
    query = await client.post(
        "/graphql", json={"query": "{ me { name } }", "extensions": {"operationId": "1"}}
    )
    assert query.json() == {"data": {"me": {"name": "Ada"}}}


async def test_closing_the_stream_ends_the_reservation(client: httpx.AsyncClient) -> None:  # noqa: F811
    token = await reserve(client)
    async with opened(client, token) as events:
        assert (await operation(client, token, "me", "{ me { name } }")).status_code == 202
        assert (await events.next())[0] == "next"
    # The router notices the closed connection; from then on the token is unknown.
    deadline = time.monotonic() + 5
    while True:
        response = await client.get("/graphql", headers={**STREAM, TOKEN: token})
        if response.status_code == 404:
            break
        assert time.monotonic() < deadline, response.status_code
        await asyncio.sleep(0.02)  # polling for the condition, within the deadline
    assert codes(response) == ["STREAM_NOT_FOUND"]
