"""Persisted documents through the router over real HTTP, the shop fixture subgraphs behind it:
Apollo's automatic persisted queries (APQ) in one router, and across two `agora router`
processes sharing Redis; trusted documents in two `agora router` processes reading one manifest
(HTTP, SSE and WebSocket); a bad manifest stopping `agora router` at startup."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from redis.asyncio import Redis

from agora.infra.processes import free_port
from router.app import create_app
from router.persisted import MemoryStore, PersistedDocuments, PersistedSettings
from tests.e2e.live import live_client
from tests.e2e.processes import Processes
from tests.federation.conftest import RunningSet
from tests.support.environment import REPO_ROOT, TestEnvironment
from tests.support.servers import serve

TOP = "{ topProducts { upc name } }"
TOP_DATA = {"topProducts": [{"upc": "1", "name": "Table"}, {"upc": "2", "name": "Couch"}]}
CREATE = 'mutation { createUser(name: "Pat Doe") { name } }'
NAMED_TOP = "query Top { topProducts { upc name } }"
PRODUCT = "query Product($upc: String!) { product(upc: $upc) { name } }"
GRAPHQL_RESPONSE = "application/graphql-response+json"
NOT_FOUND = {
    "errors": [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ]
}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def apq(text_or_hash: str, version: int = 1) -> dict[str, Any]:
    """Apollo's extension naming a document by its hash (given the text, its hash)."""
    digest = text_or_hash if len(text_or_hash) == 64 else sha256(text_or_hash)
    return {"persistedQuery": {"version": version, "sha256Hash": digest}}


def codes(body: dict[str, Any]) -> list[str]:
    return [each["extensions"]["code"] for each in body.get("errors", [])]


async def post(
    http: httpx.AsyncClient, body: dict[str, Any], accept: str = "application/json"
) -> tuple[int, dict[str, Any]]:
    response = await http.post("/graphql", json=body, headers={"accept": accept})
    return response.status_code, response.json()


async def get(http: httpx.AsyncClient, **params: Any) -> tuple[int, dict[str, Any]]:
    query = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    response = await http.get("/graphql", params=query, headers={"accept": "application/json"})
    return response.status_code, response.json()


async def served(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    with serve(app) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            yield http


@pytest.fixture
async def router_http(shop_server: RunningSet) -> AsyncIterator[httpx.AsyncClient]:
    """A router of its own (so an empty APQ store) over the shop, as `create_app` makes it."""
    async for http in served(create_app(shop_server.supergraph_sdl())):
        yield http


# -- APQ in one router --------------------------------------------------------------------------


async def test_apq_a_hash_is_unknown_until_registered_with_its_query(
    router_http: httpx.AsyncClient, shop: RunningSet
) -> None:
    assert await post(router_http, {"extensions": apq(TOP)}) == (200, NOT_FOUND)
    status, body = await post(router_http, {"extensions": apq(TOP)}, accept=GRAPHQL_RESPONSE)
    assert (status, codes(body)) == (400, ["PERSISTED_QUERY_NOT_FOUND"])
    assert shop.called() == []

    assert await post(router_http, {"query": TOP, "extensions": apq(TOP)}) == (
        200,
        {"data": TOP_DATA},
    )
    shop.reset()
    assert await post(router_http, {"extensions": apq(TOP)}) == (200, {"data": TOP_DATA})
    assert shop.called() == ["products"]  # the stored document really ran
    # The GraphQL-over-HTTP proposal's documentId names the same document.
    assert await post(router_http, {"documentId": f"sha256:{sha256(TOP)}"}) == (
        200,
        {"data": TOP_DATA},
    )
    status, body = await post(router_http, {"documentId": "not-a-hash"})
    assert (status, body) == (200, NOT_FOUND)


async def test_apq_a_hash_that_is_not_the_querys_is_refused_and_nothing_is_stored(
    router_http: httpx.AsyncClient, shop: RunningSet
) -> None:
    other = "{ topProducts { upc } }"
    status, body = await post(router_http, {"query": TOP, "extensions": apq(other)})
    assert (status, body["errors"][0]["message"], codes(body)) == (
        400,
        "provided sha does not match query",
        ["PERSISTED_QUERY_HASH_MISMATCH"],
    )
    assert "data" not in body
    assert shop.called() == []
    assert await post(router_http, {"extensions": apq(other)}) == (200, NOT_FOUND)
    assert await post(router_http, {"extensions": apq(TOP)}) == (200, NOT_FOUND)


async def test_apq_over_get_and_mutations_by_hash_only_over_post(
    router_http: httpx.AsyncClient, shop: RunningSet
) -> None:
    assert await get(router_http, extensions=apq(TOP)) == (200, NOT_FOUND)
    assert await get(router_http, query=TOP, extensions=apq(TOP)) == (200, {"data": TOP_DATA})
    assert await get(router_http, extensions=apq(TOP)) == (200, {"data": TOP_DATA})
    assert await get(router_http, documentId=f"sha256:{sha256(TOP)}") == (
        200,
        {"data": TOP_DATA},
    )

    created = {"data": {"createUser": {"name": "Pat Doe"}}}
    assert await post(router_http, {"query": CREATE, "extensions": apq(CREATE)}) == (200, created)
    response = await router_http.get(
        "/graphql", params={"extensions": json.dumps(apq(CREATE))}, headers={"accept": "*/*"}
    )
    assert (response.status_code, response.headers["allow"]) == (405, "POST")
    assert codes(response.json()) == ["BAD_REQUEST"]
    assert shop.log.entries == ["createUser:Pat Doe"]  # GET ran nothing
    assert await post(router_http, {"extensions": apq(CREATE)}) == (200, created)
    assert shop.log.entries == ["createUser:Pat Doe", "createUser:Pat Doe"]


async def test_apq_stores_only_documents_the_router_accepts(
    router_http: httpx.AsyncClient, shop: RunningSet
) -> None:
    invalid = "{ topProducts { nope } }"
    status, body = await post(router_http, {"query": invalid, "extensions": apq(invalid)})
    assert (status, codes(body)) == (200, ["GRAPHQL_VALIDATION_FAILED"])
    assert await post(router_http, {"extensions": apq(invalid)}) == (200, NOT_FOUND)
    assert shop.called() == []


async def test_apq_malformed_requests(router_http: httpx.AsyncClient) -> None:
    status, body = await post(router_http, {"extensions": apq(TOP, version=2)})
    assert (status, codes(body)) == (200, ["PERSISTED_QUERY_NOT_SUPPORTED"])
    status, body = await post(router_http, {"extensions": {"persistedQuery": "yes"}})
    assert (status, codes(body)) == (400, ["BAD_REQUEST"])
    status, body = await post(router_http, {"extensions": {"persistedQuery": {"version": 1}}})
    assert (status, codes(body)) == (400, ["BAD_REQUEST"])
    status, body = await post(router_http, {"documentId": 7})
    assert (status, codes(body)) == (400, ["BAD_REQUEST"])
    status, body = await post(router_http, {"variables": {}})
    assert (status, body["errors"][0]["message"], codes(body)) == (
        400,
        "The request has no query string.",
        ["BAD_REQUEST"],
    )
    status, body = await post(router_http, {"query": 7})
    assert (status, codes(body)) == (400, ["BAD_REQUEST"])


async def test_without_apq_a_hash_is_answered_not_supported(shop_server: RunningSet) -> None:
    app = create_app(shop_server.supergraph_sdl(), persisted=PersistedDocuments())
    async for http in served(app):
        for request in ({"extensions": apq(TOP)}, {"query": TOP, "extensions": apq(TOP)}):
            status, body = await post(http, request)
            assert (status, body["errors"][0]["message"], codes(body)) == (
                200,
                "PersistedQueryNotSupported",
                ["PERSISTED_QUERY_NOT_SUPPORTED"],
            )
        assert await post(http, {"query": TOP}) == (200, {"data": TOP_DATA})


async def test_apq_runs_documents_above_the_size_limit_without_storing_them(
    shop_server: RunningSet,
) -> None:
    large = TOP + " # " + "x" * 100
    persisted = PersistedDocuments(store=MemoryStore(), max_document_bytes=len(TOP) + 10)
    async for http in served(create_app(shop_server.supergraph_sdl(), persisted=persisted)):
        for document in (large, TOP):
            registered = await post(http, {"query": document, "extensions": apq(document)})
            assert registered == (200, {"data": TOP_DATA})
        assert await post(http, {"extensions": apq(large)}) == (200, NOT_FOUND)
        assert await post(http, {"extensions": apq(TOP)}) == (200, {"data": TOP_DATA})


async def test_apq_with_redis_down_answers_not_found_and_still_executes(
    shop_server: RunningSet,
) -> None:
    dead = PersistedSettings(redis_url=f"redis://127.0.0.1:{free_port()}/0")
    sdl = shop_server.supergraph_sdl()
    async for first in served(create_app(sdl, persisted=dead.build(1_000_000))):
        assert await post(first, {"extensions": apq(TOP)}) == (200, NOT_FOUND)
        assert await post(first, {"query": TOP, "extensions": apq(TOP)}) == (
            200,
            {"data": TOP_DATA},
        )
        # This process keeps what it registered; a replica cannot learn it without Redis.
        assert await post(first, {"extensions": apq(TOP)}) == (200, {"data": TOP_DATA})
        async for second in served(create_app(sdl, persisted=dead.build(1_000_000))):
            assert await post(second, {"extensions": apq(TOP)}) == (200, NOT_FOUND)


# -- APQ across two router processes ------------------------------------------------------------


@pytest.fixture(scope="module")
def shop_supergraph_file(shop_server: RunningSet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("persisted") / "shop.graphql"
    path.write_text(shop_server.supergraph_sdl())
    return path


@pytest.fixture(scope="module")
def apq_prefix(test_env: TestEnvironment) -> str:
    return f"{test_env.redis_prefix}persisted-{uuid.uuid4().hex[:8]}:"


@pytest.fixture(scope="module")
def apq_replicas(
    shop_supergraph_file: Path, apq_prefix: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[str]]:
    """Two `agora router` processes over the shop, sharing the test run's Redis."""
    processes = Processes(
        tmp_path_factory.mktemp("apq-replicas"),
        AGORA_REDIS_PREFIX=apq_prefix,
        AGORA_ROUTER_APQ_TTL_SECONDS="600",
    )
    try:
        yield [processes.router_over(shop_supergraph_file) for _ in range(2)]
    finally:
        processes.stop()


async def test_a_query_registered_on_one_router_runs_by_hash_on_another(
    apq_replicas: list[str], apq_prefix: str, test_env: TestEnvironment, shop: RunningSet
) -> None:
    first_url, second_url = apq_replicas
    async with (
        httpx.AsyncClient(base_url=first_url, timeout=30) as first,
        httpx.AsyncClient(base_url=second_url, timeout=30) as second,
    ):
        for router in (first, second):
            assert await post(router, {"extensions": apq(TOP)}) == (200, NOT_FOUND)
        assert await post(first, {"query": TOP, "extensions": apq(TOP)}) == (
            200,
            {"data": TOP_DATA},
        )
        redis = Redis.from_url(test_env.redis_url)
        try:
            key = f"{apq_prefix}apq:{sha256(TOP)}"
            assert await redis.get(key) == TOP.encode()
            assert 0 < await redis.ttl(key) <= 600
        finally:
            await redis.aclose()
        shop.reset()
        assert await post(second, {"extensions": apq(TOP)}) == (200, {"data": TOP_DATA})
        assert await get(second, extensions=apq(TOP)) == (200, {"data": TOP_DATA})
        assert shop.called() == ["products", "products"]


# -- trusted documents in two router processes --------------------------------------------------


@pytest.fixture(scope="module")
def trusted_replicas(
    shop_supergraph_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[str]]:
    """Two `agora router` processes reading one Apollo persisted query manifest."""
    directory = tmp_path_factory.mktemp("trusted-replicas")
    manifest = directory / "manifest.json"
    operations = [
        {"id": sha256(NAMED_TOP), "body": NAMED_TOP, "name": "Top", "type": "query"},
        {"id": "product-by-upc", "body": PRODUCT, "name": "Product", "type": "query"},
    ]
    manifest.write_text(
        json.dumps(
            {"format": "apollo-persisted-query-manifest", "version": 1, "operations": operations}
        )
    )
    processes = Processes(directory, AGORA_ROUTER_TRUSTED_DOCUMENTS=str(manifest))
    try:
        yield [processes.router_over(shop_supergraph_file) for _ in range(2)]
    finally:
        processes.stop()


async def test_trusted_documents_run_by_id_and_nothing_else_on_every_router(
    trusted_replicas: list[str],
) -> None:
    for url in trusted_replicas:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            expected = (200, {"data": TOP_DATA})
            assert await post(http, {"extensions": apq(NAMED_TOP)}) == expected
            assert await post(http, {"documentId": f"sha256:{sha256(NAMED_TOP)}"}) == expected
            assert await get(http, documentId=sha256(NAMED_TOP)) == expected
            by_name = {"documentId": "product-by-upc", "variables": {"upc": "3"}}
            assert await post(http, by_name) == (200, {"data": {"product": {"name": "Chair"}}})

            # A query is refused, even one of the listed texts, even with its hash (APQ
            # registration is off).
            refusals: list[dict[str, Any]] = [
                {"query": TOP},
                {"query": NAMED_TOP},
                {"query": NAMED_TOP, "extensions": apq(NAMED_TOP)},
                {"variables": {}},
            ]
            for refused in refusals:
                status, body = await post(http, refused)
                assert (status, codes(body)) == (400, ["PERSISTED_QUERY_ID_REQUIRED"]), refused
                assert "data" not in body
            status, body = await get(http, query=TOP)
            assert (status, codes(body)) == (400, ["PERSISTED_QUERY_ID_REQUIRED"])

            for unknown in ({"extensions": apq(TOP)}, {"documentId": "product"}):
                status, body = await post(http, unknown)
                assert (status, codes(body)) == (200, ["PERSISTED_QUERY_NOT_IN_LIST"]), unknown


async def test_trusted_documents_refuse_free_form_operations_over_sse_and_websocket(
    trusted_replicas: list[str],
) -> None:
    url = trusted_replicas[0]
    subscription = "subscription { anything }"
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        response = await http.post(
            "/graphql", json={"query": subscription}, headers={"accept": "text/event-stream"}
        )
        assert (response.status_code, codes(response.json())) == (
            400,
            ["PERSISTED_QUERY_ID_REQUIRED"],
        )
        listed = {"documentId": f"sha256:{sha256(NAMED_TOP)}"}
        response = await http.post("/graphql", json=listed, headers={"accept": "text/event-stream"})
        assert response.status_code == 200
        assert response.text == (
            f"event: next\ndata: {orjson.dumps({'data': TOP_DATA}).decode()}\n\n"
            "event: complete\ndata:\n\n"
        )

    async with live_client(url, None) as client:
        await client.subscribe("free", subscription)
        message = await client.receive()
        assert (message["id"], message["type"], codes({"errors": message["payload"]})) == (
            "free",
            "error",
            ["PERSISTED_QUERY_ID_REQUIRED"],
        )
        await client.send({"id": "unknown", "type": "subscribe", "payload": {"documentId": "x"}})
        message = await client.receive()
        assert (message["type"], codes({"errors": message["payload"]})) == (
            "error",
            ["PERSISTED_QUERY_NOT_IN_LIST"],
        )
        await client.send({"id": "listed", "type": "subscribe", "payload": listed})
        assert await client.receive() == {
            "id": "listed",
            "type": "next",
            "payload": {"data": TOP_DATA},
        }
        assert await client.receive() == {"id": "listed", "type": "complete"}


# -- a bad manifest stops the router ------------------------------------------------------------


def test_agora_router_refuses_to_start_with_a_bad_manifest(
    shop_supergraph_file: Path, tmp_path: Path
) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({sha256(TOP): TOP, "broken": "{ topProducts { upc "}))
    command = [sys.executable, "-m", "agora.cli", "router", "--supergraph"]
    command += [str(shop_supergraph_file), "--port", str(free_port())]
    env = {**os.environ, "AGORA_ROUTER_TRUSTED_DOCUMENTS": str(manifest)}
    result = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "operation 'broken' does not parse" in result.stderr, result.stderr
    assert str(manifest) in result.stderr


def test_agora_router_refuses_a_manifest_operation_its_schema_refuses(
    shop_supergraph_file: Path, tmp_path: Path
) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({sha256(TOP): TOP, "unknown": "{ noSuchField }"}))
    command = [sys.executable, "-m", "agora.cli", "router", "--supergraph"]
    command += [str(shop_supergraph_file), "--port", str(free_port())]
    env = {**os.environ, "AGORA_ROUTER_TRUSTED_DOCUMENTS": str(manifest)}
    result = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "operation 'unknown' is refused: Cannot query field 'noSuchField'" in result.stderr
