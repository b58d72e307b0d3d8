"""Subscriptions (graphql-transport-ws and SSE towards clients, WebSocket towards subgraphs).

Not built yet: a later issue. The HTTP endpoint answers subscription operations with a
request error until then.
"""
