"""Subscriptions through the router: graphql-transport-ws over WebSocket and GraphQL over SSE
towards clients, a graphql-transport-ws WebSocket towards the subgraph that owns the field, and
the rest of the plan run per event. `with_subscriptions(router_app)` adds them."""

from router.subscriptions.transport import with_subscriptions

__all__ = ["with_subscriptions"]
