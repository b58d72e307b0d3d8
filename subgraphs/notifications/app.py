"""The notifications subgraph's ASGI app (port 8001): HTTP for queries and mutations,
graphql-transport-ws for the live subscriptions."""

from __future__ import annotations

from fastapi import FastAPI

from common.auth import TokenVerifier
from subgraphs.kit.app import create_subgraph_app
from subgraphs.kit.database import Database
from subgraphs.notifications.loaders import NotificationsLoaders
from subgraphs.notifications.rules.feed import Feed
from subgraphs.notifications.schema import schema


def create_app(
    db: Database | None = None, verifier: TokenVerifier | None = None, feed: Feed | None = None
) -> FastAPI:
    live_feed = feed or Feed()
    return create_subgraph_app(
        name="notifications",
        schema=schema,
        db=db or Database("notifications"),
        make_loaders=lambda database: NotificationsLoaders(database, live_feed),
        verifier=verifier,
        on_shutdown=live_feed.close,
    )
