"""The marketplace subgraph's ASGI app."""

from __future__ import annotations

from fastapi import FastAPI

from common.auth import TokenVerifier
from subgraphs.kit.app import create_subgraph_app
from subgraphs.kit.database import Database
from subgraphs.marketplace.loaders import MarketplaceLoaders
from subgraphs.marketplace.schema import schema


def create_app(db: Database | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    return create_subgraph_app(
        name="marketplace",
        schema=schema,
        db=db or Database("marketplace"),
        make_loaders=MarketplaceLoaders,
        verifier=verifier,
    )
