"""The Celery broker transport: kombu's Redis transport, made to survive losing Redis.

When the broker connection breaks, a Celery worker first "collects" the connection (which
detaches the transport from its connection settings) and then closes it. Closing a channel
that holds unacknowledged messages (a task running, reserved, or waiting for its ETA: with
`acks_late` there nearly always is one) tries to push them back to Redis, and the channel's
new connection pool reads the now-missing settings: `AttributeError: 'NoneType' object has no
attribute 'hostname'`, which is not a connection error, so the consumer does not retry and
the worker exits.

Here a channel whose transport was detached raises a Redis `ConnectionError` instead: Celery
ignores connection errors while closing and reconnects. The messages it could not push back
are still in Redis's unacknowledged set and come back after the visibility timeout.

Used as `broker_transport = "pipeline.broker:Transport"` (see pipeline.worker); the URL stays
`redis://...`.
"""

from __future__ import annotations

from typing import Any

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous: bool = False) -> dict[str, Any]:
        if self.connection.client is None:
            raise RedisConnectionError("the broker connection was closed")
        params: dict[str, Any] = super()._connparams(asynchronous=asynchronous)
        return params


class Transport(kombu_redis.Transport):
    Channel = Channel
