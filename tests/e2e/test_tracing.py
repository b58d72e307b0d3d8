"""One trace follows an order from the client to the seller's live stream, every service a
process exporting OTLP to a receiver in the test: the router's request span, its fetch of
freelance, freelance's own span with its SQL, the relay's hand-over to Celery, the worker's
task and the publish to the seller's channel. The client starts the trace (W3C traceparent)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator

import httpx
import pytest

from agora.smtp_sink import start_sink
from tests.e2e.gigs import PLACE_ORDER, approved_gig, order_input
from tests.e2e.pipeline import relay_and_worker
from tests.e2e.processes import Processes
from tests.integration.accounts import Accounts
from tests.support.environment import TestEnvironment
from tests.support.graphql import GraphQLClient
from tests.support.otlp import OtlpReceiver, ReceivedSpan
from tests.support.worker import WorkerProcess

EXPORT_TIMEOUT_SECONDS = 30.0


@pytest.fixture(scope="module")
def receiver() -> Iterator[OtlpReceiver]:
    with OtlpReceiver().running() as running:
        yield running


@pytest.fixture(scope="module")
def traced_router(
    users_url: str,
    receiver: OtlpReceiver,
    test_env: TestEnvironment,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, WorkerProcess]]:
    """Router, freelance, relay and worker with tracing on; users (in process) without."""
    otel = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint,
        "OTEL_BSP_SCHEDULE_DELAY": "50",  # ms: spans leave at once
    }
    jwks = f"{users_url}/.well-known/jwks.json"
    workdir = tmp_path_factory.mktemp("tracing")
    processes = Processes(workdir, AGORA_JWKS_URL=jwks, AGORA_ROUTER_JWKS_URL=jwks, **otel)
    controller, _ = start_sink(workdir / "mail")
    try:
        router = processes.router(
            {"users": users_url, "freelance": processes.subgraph("freelance")}
        )
        with relay_and_worker({**os.environ, **otel}, controller.port, test_env, workdir) as worker:
            yield router, worker
    finally:
        processes.stop()
        controller.stop()


def _spans_named(spans: list[ReceivedSpan], service: str, name: str) -> list[ReceivedSpan]:
    return [span for span in spans if span.service == service and span.name == name]


# (service, span name) of the spans each service exports when its part is over.
LAST_SPANS = (
    ("agora-router", "POST /graphql"),
    ("agora-freelance", "POST /graphql"),
    ("agora-relay", "relay ORDER_PLACED"),
    ("agora-worker", "deliver ORDER_PLACED"),
)


def _complete(trace_id: str) -> Callable[[list[ReceivedSpan]], bool]:
    def complete(spans: list[ReceivedSpan]) -> bool:
        ours = [span for span in spans if span.trace_id == trace_id]
        return all(_spans_named(ours, service, name) for service, name in LAST_SPANS)

    return complete


async def test_one_trace_from_the_order_to_the_live_stream(
    traced_router: tuple[str, WorkerProcess], receiver: OtlpReceiver, accounts: Accounts
) -> None:
    router, worker = traced_router
    async with httpx.AsyncClient(base_url=router, timeout=60) as http:
        _, gig_id = await approved_gig(GraphQLClient(http), accounts)
        buyer = await accounts.register(firstName="Bella", lastName="Buyer")
        trace_id, client_span = secrets.token_hex(16), secrets.token_hex(8)
        response = await http.post(
            "/graphql",
            json={"query": PLACE_ORDER, "variables": order_input(gig_id)},
            headers={
                "authorization": f"Bearer {buyer.access}",
                "traceparent": f"00-{trace_id}-{client_span}-01",
            },
        )
    assert response.json()["data"]["placeOrder"]["errors"] == [], response.text
    request_id = response.headers["x-request-id"]

    receiver.wait_for(_complete(trace_id), EXPORT_TIMEOUT_SECONDS)
    spans = receiver.trace(trace_id)
    by_id = {span.span_id: span for span in spans}

    def parent(span: ReceivedSpan) -> ReceivedSpan:
        assert span.parent_id in by_id, f"{span.name} ({span.service}): parent not in the trace"
        return by_id[span.parent_id]

    (request,) = _spans_named(spans, "agora-router", "POST /graphql")
    assert request.kind == "server" and request.parent_id == client_span
    assert request.attributes["graphql.operation.type"] == "mutation"
    (fetch,) = _spans_named(spans, "agora-router", "subgraph freelance")
    assert fetch.kind == "client" and parent(fetch) == request
    (served,) = _spans_named(spans, "agora-freelance", "POST /graphql")
    assert served.kind == "server" and parent(served) == fetch
    statements = [s for s in spans if s.service == "agora-freelance" and s.kind == "client"]
    inserts = [s for s in statements if s.attributes["db.operation.name"] == "INSERT"]
    assert any("INSERT INTO orders" in s.attributes["db.query.text"] for s in inserts)
    assert any("INSERT INTO outbox" in s.attributes["db.query.text"] for s in inserts)
    assert all(parent(s) == served for s in statements)

    (relayed,) = _spans_named(spans, "agora-relay", "relay ORDER_PLACED")
    assert relayed.kind == "producer" and parent(relayed) == served
    (task,) = _spans_named(spans, "agora-worker", "deliver ORDER_PLACED")
    assert task.kind == "consumer" and parent(task) == relayed
    (published,) = _spans_named(spans, "agora-worker", "publish notificationReceived")
    assert published.kind == "producer" and parent(published) == task
    assert published.attributes["messaging.system"] == "redis"
    worker_sql = [s for s in spans if s.service == "agora-worker" and s.kind == "client"]
    assert worker_sql, "the worker's statements (storing the notification) are in the trace"
    assert not any(span.error for span in spans)

    # The worker's log line of this event names the trace, and the request id came along.
    delivered = f'"trace_id":"{trace_id}"'
    worker.wait_for_line(delivered, EXPORT_TIMEOUT_SECONDS)
    line = next(line for line in worker.lines if delivered in line and "event delivered" in line)
    assert f'"request_id":"{request_id}"' in line
    assert f'"span_id":"{task.span_id}"' in line
