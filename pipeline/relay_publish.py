"""Handing outbox events to the broker: one Celery task per event, in the trace of the
request that caused it; used by the relay (pipeline.relay) and its reconciler
(pipeline.relay_reconcile)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from subgraphs.kit.outbox import DELIVER_TASK, OutboxEvent
from telemetry import tracing
from telemetry.logs import REQUEST_ID_HEADER

# A broker that does not answer fails the pass quickly; the next pass tries again.
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}

# Hands one event to the broker; returns once the broker accepted it, raises otherwise.
Publisher = Callable[[OutboxEvent], None]


def celery_publisher(app: Any = None) -> Publisher:
    if app is None:
        from pipeline.worker import app as worker_app

        app = worker_app

    def publish(event: OutboxEvent) -> None:
        with relay_span(event):
            # task_id = event id: a republished event is recognisable in the broker and logs.
            app.send_task(
                DELIVER_TASK,
                args=[event.to_message(relay_context(event))],
                task_id=str(event.id),
                retry=True,
                retry_policy=PUBLISH_RETRY,
                ignore_result=True,  # nobody waits on it: no result-channel subscription
            )

    return publish


@contextmanager
def relay_span(event: OutboxEvent) -> Iterator[None]:
    """A span for handing `event` to the broker, in the trace of the request that caused it."""
    if tracing.tracer() is None:
        yield
        return
    cause = event.trace_context or {}
    attributes = {
        "messaging.system": "celery",
        "messaging.operation.type": "send",
        "messaging.destination.name": DELIVER_TASK,
        "messaging.message.id": str(event.id),
        "agora.event.kind": event.kind,
        "agora.outbox": event.source or "",
    }
    parent = tracing.context_from(cause)
    with tracing.span(
        f"relay {event.kind}", kind=tracing.PRODUCER, parent=parent, attributes=attributes
    ):
        yield


def relay_context(event: OutboxEvent) -> dict[str, str]:
    """What the task carries: the current (relay) span's context, and the request id."""
    context = tracing.carrier() or dict(event.trace_context or {})
    request_id = (event.trace_context or {}).get(REQUEST_ID_HEADER)
    if request_id:
        context[REQUEST_ID_HEADER] = request_id
    return context


class RelayError(Exception):
    def __init__(self, source: str, published: int, cause: BaseException) -> None:
        super().__init__(f"{source}: publishing failed after {published} event(s): {cause!r}")
        self.published = published


def publish_in_order(events: Sequence[OutboxEvent], publish: Publisher) -> tuple[int, Any]:
    """(how many the broker accepted, the error that stopped us or None)."""
    for index, event in enumerate(events):
        try:
            publish(event)
        except Exception as error:  # stop here: later rows of this recipient must wait
            return index, error
    return len(events), None
