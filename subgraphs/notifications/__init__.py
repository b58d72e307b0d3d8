"""The notifications subgraph (port 8001) and the domain side of the notifications worker.

Flow: a subgraph writes an outbox row with its change -> `agora relay` publishes it as the
Celery task `agora.deliver_event` -> the worker (`pipeline.worker`) runs
`rules.delivery.accept_event` (idempotent by event id; preferences; hourly cap), publishes the
new notification and unread count on the recipient's Redis channel (`rules.live`), and queues
email / push deliveries.

Subscriptions (`notificationReceived`, `unreadCountChanged`) over graphql-transport-ws at
/graphql: send `{"type": "connection_init", "payload": {"Authorization": "Bearer <token>"}}`.
A bad token closes the socket with 4403; no token leaves it anonymous (subscribing then fails
with UNAUTHENTICATED); when the token expires each subscription gets a `next` with
`errors[0].extensions = {"code": "UNAUTHENTICATED", "reason": "TOKEN_EXPIRED"}`, then
`complete`. `unreadCountChanged` starts with the current count.
"""
