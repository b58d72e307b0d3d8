"""Metrics of `agora relay`, on a port of its own (`--metrics-port`, `AGORA_RELAY_METRICS_PORT`):

- `agora_outbox_pending{database}`: outbox rows not handed to Celery yet;
- `agora_outbox_lag_seconds{database}`: how long the oldest of them has waited (0 when none),
  by the database's clock.

Measured with the reconciler's rhythm (every few seconds), by one indexed query per database
(`ix_outbox_unsent`). A lag that grows means events are not leaving: the relay is stuck, or
the broker refuses them.
"""

from __future__ import annotations

from collections.abc import Sequence

from prometheus_client import Gauge, start_http_server
from sqlalchemy import text

from subgraphs.kit.database import Database

PENDING = Gauge("agora_outbox_pending", "Outbox rows not handed to Celery yet.", ["database"])
LAG = Gauge(
    "agora_outbox_lag_seconds",
    "How long the oldest outbox row not handed to Celery has waited (0 when none).",
    ["database"],
)

UNSENT = text(
    "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0) "
    "FROM outbox WHERE sent_at IS NULL"
)


async def measure_outbox(databases: Sequence[Database]) -> None:
    for db in databases:
        async with db.session() as session:
            pending, lag = (await session.execute(UNSENT)).one()
        PENDING.labels(db.subgraph).set(float(pending))
        LAG.labels(db.subgraph).set(max(float(lag), 0.0))


def serve_metrics(port: int, host: str = "0.0.0.0") -> None:  # scraped from other hosts
    start_http_server(port, addr=host)
