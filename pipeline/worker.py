"""The Celery app of Agora: `celery --quiet -A pipeline.worker worker` (and `... beat` for
housekeeping). `--quiet` drops Celery's plain-text banner: every line is JSON (`json_logs`).

Broker and result backend are `AGORA_REDIS_URL`, every key under `AGORA_REDIS_PREFIX`.
Tasks are acknowledged after they ran (`acks_late`, `reject_on_worker_lost`), so a worker
killed mid-task leaves its messages to be delivered again after the visibility timeout
(`AGORA_CELERY_VISIBILITY_TIMEOUT`, 5 min); every task is idempotent. Retry waits stay below
that timeout (`longest_countdown`): a task waiting longer would be handed out twice. The
worker reconnects to Redis however long it is gone (pipeline.broker).

- `agora.deliver_event`: an outbox event -> stored notification (once per event id), live
  message on the recipient's Redis channel, then an email and/or push task.
- `agora.send_email`, `agora.send_push`: one delivery, retried with exponential back-off.
- `agora.cleanup_notifications`: read notifications older than 90 days go (beat, daily).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import uuid
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from celery import Celery, Task
from celery.schedules import crontab
from celery.signals import (
    celeryd_init,
    setup_logging,
    task_failure,
    task_retry,
    task_success,
    worker_init,
    worker_process_init,
    worker_process_shutdown,
    worker_ready,
)
from redis.asyncio import Redis

from pipeline import worker_metrics
from pipeline.notify.providers import providers_for
from pipeline.notify.push import PushProvider
from pipeline.notify.settings import NotifySettings, get_notify_settings
from subgraphs.kit.database import Database
from subgraphs.kit.outbox import DELIVER_TASK, OutboxEvent
from telemetry import tracing
from telemetry.logs import REQUEST_ID_HEADER, configure_logging, request_id_var
from telemetry.tracing import configure_tracing

logger = logging.getLogger("agora.worker")
T = TypeVar("T")

QUEUE = "agora.notifications"


def longest_countdown(settings: NotifySettings) -> float:
    """The longest a task may wait for its retry. A waiting task is held unacknowledged by a
    worker; held past the visibility timeout, Redis hands a copy to another worker."""
    return 0.8 * settings.celery_visibility_timeout


def make_app(settings: NotifySettings) -> Celery:
    celery = Celery("agora", broker=settings.redis_url, backend=settings.redis_url)
    keys = {"global_keyprefix": f"{settings.redis_prefix}celery:"}
    # Abandoned (unacknowledged) messages are looked for every few seconds, at most every
    # visibility timeout: what a killed worker held comes back that long after.
    restore_every = max(1.0, min(10.0, settings.celery_visibility_timeout / 2))
    celery.conf.update(
        task_default_queue=QUEUE,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        # Nobody waits on a result: storing them only adds a Redis write per task.
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        result_expires=dt.timedelta(hours=1),
        # Losing Redis never ends the worker: it reconnects for as long as it takes.
        broker_transport="pipeline.broker:Transport",  # see pipeline.broker: the exit on loss
        broker_connection_retry=True,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        # A task running when the connection went lets itself finish (every task is
        # idempotent); its acknowledgement is lost, so Redis hands it out again later.
        worker_cancel_long_running_tasks_on_connection_loss=False,
        broker_transport_options={
            **keys,
            "visibility_timeout": settings.celery_visibility_timeout,
            "unacked_restore_interval": restore_every,
            "unacked_restore_throttle": 1,
            # A dead or half-open connection is noticed within seconds, not never: a
            # publish gives up after socket_timeout, a silent BRPOP after the health check.
            "socket_timeout": 15.0,
            "socket_connect_timeout": 5.0,
            "socket_keepalive": True,
            "health_check_interval": 10,
        },
        result_backend_transport_options=keys,
        timezone="UTC",
        # Beat ticks at least every 30 s, touching its heartbeat file (pipeline.beat).
        beat_scheduler="pipeline.beat:HeartbeatScheduler",
        beat_max_loop_interval=30,
        beat_schedule={
            "cleanup-read-notifications": {
                "task": "agora.cleanup_notifications",
                "schedule": crontab(hour=3, minute=17),
            }
        },
    )
    return celery


app = make_app(get_notify_settings())


@worker_init.connect
def serve_metrics(**_: Any) -> None:
    worker_metrics.serve()  # pipeline.worker_metrics, when AGORA_WORKER_METRICS_PORT is set


@worker_init.connect
@worker_process_init.connect
def trace_tasks(**_: Any) -> None:
    # Per process: a forked pool child sets up its own exporter (telemetry.tracing).
    configure_tracing("agora-worker")


@worker_ready.connect
def announce(sender: Any = None, **_: Any) -> None:
    """What Celery's start-up banner says, as one JSON line (`--quiet` drops the banner)."""
    consumer = getattr(sender, "controller", None)
    queues = getattr(getattr(sender, "task_consumer", None), "queues", None) or []
    logger.info(
        "worker ready",
        extra={
            "hostname": getattr(sender, "hostname", None),
            "concurrency": getattr(consumer, "concurrency", None),
            "queues": sorted(queue.name for queue in queues),
            "tasks": sorted(name for name in app.tasks if name.startswith("agora.")),
        },
    )


@worker_process_shutdown.connect
def forget_process(pid: int | None = None, **_: Any) -> None:
    tracing.flush()
    worker_metrics.process_gone(pid or os.getpid())


@task_success.connect
def count_success(sender: Task | None = None, **_: Any) -> None:
    worker_metrics.TASKS.labels(getattr(sender, "name", "unknown"), "success").inc()


@task_failure.connect
def count_failure(sender: Task | None = None, **_: Any) -> None:
    worker_metrics.TASKS.labels(getattr(sender, "name", "unknown"), "failure").inc()


@task_retry.connect
def count_retry(sender: Task | None = None, **_: Any) -> None:
    worker_metrics.TASKS.labels(getattr(sender, "name", "unknown"), "retry").inc()


@celeryd_init.connect
def json_logs_from_the_start(options: dict[str, Any] | None = None, **_: Any) -> None:
    """JSON before Celery's own start-up checks warn (e.g. about running as root)."""
    level = (options or {}).get("loglevel") or logging.INFO
    configure_logging(level.upper() if isinstance(level, str) else level)


@setup_logging.connect
def json_logs(loglevel: int | str | None = None, **_: Any) -> None:
    """Worker and beat log JSON lines like every other Agora process. (A receiver of this
    signal keeps Celery from installing its own plain-text handlers.)"""
    configure_logging(loglevel or logging.INFO)


@dataclass
class Runtime:
    """What one worker process keeps between tasks: an event loop and connections on it."""

    settings: NotifySettings
    pid: int = field(default_factory=os.getpid)
    loop: asyncio.AbstractEventLoop = field(default_factory=asyncio.new_event_loop)
    db: Database = field(default_factory=lambda: Database("notifications"))
    _redis: Redis | None = None
    _providers: dict[str, PushProvider] | None = None

    @property
    def redis(self) -> Redis:
        if self._redis is None:
            self._redis = Redis.from_url(self.settings.redis_url)
        return self._redis

    @property
    def providers(self) -> dict[str, PushProvider]:
        if self._providers is None:
            self._providers = providers_for(self.settings)
        return self._providers

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coroutine)


_runtime: Runtime | None = None


def runtime() -> Runtime:
    # Per process: a forked pool child must not reuse its parent's loop or connections.
    global _runtime
    if _runtime is None or _runtime.pid != os.getpid():
        _runtime = Runtime(get_notify_settings())
    return _runtime


@app.task(
    name=DELIVER_TASK,
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=max(1, int(longest_countdown(get_notify_settings()))),
    max_retries=20,
)
def deliver_event(self: Task, message: dict[str, Any]) -> str:
    from subgraphs.notifications.models import Channel
    from subgraphs.notifications.rules.delivery import accept_event, publish_if_new

    rt = runtime()
    event = OutboxEvent.from_message(message)

    async def deliver() -> list[tuple[uuid.UUID, Channel]]:
        accepted = await accept_event(rt.db, event, hourly_cap=rt.settings.hourly_notification_cap)
        if accepted.notification is not None:
            await publish_if_new(rt.db, rt.redis, accepted.notification)
        logger.info(
            "event delivered",
            extra={"event": str(event.id), "kind": event.kind, "outcome": accepted.outcome},
        )
        worker_metrics.EVENTS.labels(accepted.outcome).inc()
        return accepted.pending

    with continued_from(event):
        for delivery_id, channel in rt.run(deliver()):
            task = send_email if channel == Channel.EMAIL else send_push
            task.apply_async((str(delivery_id),))
    return str(event.id)


@contextmanager
def continued_from(event: OutboxEvent) -> Iterator[None]:
    """Runs the block in the trace, and with the request id, of the request that caused the
    event (the outbox row's context, handed on by the relay)."""
    context = event.trace_context or {}
    token = request_id_var.set(context.get(REQUEST_ID_HEADER))
    attributes = {
        "messaging.system": "celery",
        "messaging.operation.type": "process",
        "messaging.destination.name": DELIVER_TASK,
        "messaging.message.id": str(event.id),
    }
    try:
        with tracing.span(
            f"deliver {event.kind}",
            kind=tracing.CONSUMER,
            parent=tracing.context_from(context),
            attributes=attributes,
        ):
            yield
    finally:
        request_id_var.reset(token)


@app.task(name="agora.send_email", bind=True, max_retries=None)
def send_email(self: Task, delivery_id: str) -> str:
    from pipeline.notify.deliveries import send_email_delivery

    rt = runtime()
    attempt = rt.run(send_email_delivery(rt.db, uuid.UUID(delivery_id), rt.settings))
    worker_metrics.DELIVERIES.labels("email", attempt.status).inc()
    if attempt.retry_in is not None:
        raise self.retry(countdown=min(attempt.retry_in, longest_countdown(rt.settings)))
    return attempt.status


@app.task(name="agora.send_push", bind=True, max_retries=None)
def send_push(self: Task, delivery_id: str) -> str:
    from pipeline.notify.deliveries import send_push_delivery

    rt = runtime()
    attempt = rt.run(send_push_delivery(rt.db, uuid.UUID(delivery_id), rt.providers, rt.settings))
    worker_metrics.DELIVERIES.labels("push", attempt.status).inc()
    if attempt.retry_in is not None:
        raise self.retry(countdown=min(attempt.retry_in, longest_countdown(rt.settings)))
    return attempt.status


@app.task(name="agora.cleanup_notifications")
def cleanup_notifications() -> int:
    from subgraphs.notifications.rules.notifications import delete_old_read

    rt = runtime()
    retention = dt.timedelta(days=rt.settings.read_notification_retention_days)

    async def cleanup() -> int:
        async with rt.db.session() as session, session.begin():
            return await delete_old_read(session, retention)

    deleted = rt.run(cleanup())
    logger.info("old read notifications deleted", extra={"count": deleted})
    return deleted
