"""Metrics of the Celery worker, served on `AGORA_WORKER_METRICS_PORT` by its main process:

- `agora_worker_tasks_total{task, outcome}`: tasks by outcome (`success`, `failure`, `retry`);
- `agora_worker_events_total{outcome}`: events taken in: `DELIVERED` (stored), `MUTED` (the
  recipient turned the kind off), `CAPPED` (over the hourly cap: stored in-app, email and push
  suppressed), `UNKNOWN_KIND`;
- `agora_worker_deliveries_total{channel, status}`: email and push attempts (`SENT`,
  `FAILED`, `RETRY`, `SKIPPED`).

Tasks run in pool processes: they write their samples to a directory the main process reads
(prometheus-client's multiprocess mode), which must be set before prometheus-client is first
imported, hence here, before its import.
"""

from __future__ import annotations

import os

from telemetry.multiprocess import share_metrics_between_workers

PORT_VARIABLE = "AGORA_WORKER_METRICS_PORT"
if os.environ.get(PORT_VARIABLE):
    share_metrics_between_workers("agora-worker")

from prometheus_client import (  # noqa: E402 (after the samples directory is set)
    CollectorRegistry,
    Counter,
    multiprocess,
    start_http_server,
)

TASKS = Counter("agora_worker_tasks", "Celery tasks by outcome.", ["task", "outcome"])
EVENTS = Counter("agora_worker_events", "Events the worker took in, by outcome.", ["outcome"])
DELIVERIES = Counter(
    "agora_worker_deliveries",
    "Email and push attempts, by channel and status.",
    ["channel", "status"],
)


def serve() -> None:
    """In the worker's main process: `/metrics` on the configured port, every pool process's
    samples added up."""
    port = os.environ.get(PORT_VARIABLE)
    if not port:
        return
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    start_http_server(int(port), registry=registry)


def process_gone(pid: int) -> None:
    if os.environ.get(PORT_VARIABLE):
        multiprocess.mark_process_dead(pid)
