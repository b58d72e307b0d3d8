"""The freelance subgraph's ASGI app."""

from __future__ import annotations

from fastapi import FastAPI

from common.auth import TokenVerifier
from subgraphs.freelance.loaders import FreelanceLoaders
from subgraphs.freelance.schema import schema
from subgraphs.kit.app import create_subgraph_app
from subgraphs.kit.database import Database


def create_app(db: Database | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    return create_subgraph_app(
        name="freelance",
        schema=schema,
        db=db or Database("freelance"),
        make_loaders=FreelanceLoaders,
        verifier=verifier,
    )
