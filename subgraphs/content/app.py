"""The content subgraph's ASGI app."""

from __future__ import annotations

from fastapi import FastAPI

from common.auth import TokenVerifier
from subgraphs.content.loaders import ContentLoaders
from subgraphs.content.schema import schema
from subgraphs.kit.app import create_subgraph_app
from subgraphs.kit.database import Database


def create_app(db: Database | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    return create_subgraph_app(
        name="content",
        schema=schema,
        db=db or Database("content"),
        make_loaders=ContentLoaders,
        verifier=verifier,
    )
