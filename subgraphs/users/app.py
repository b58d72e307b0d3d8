"""The users subgraph's ASGI app; it also publishes the JWKS other subgraphs verify with."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from common.auth import TokenVerifier
from subgraphs.kit.app import create_subgraph_app
from subgraphs.kit.database import Database
from subgraphs.kit.identity import subgraph_account_states
from subgraphs.kit.settings import get_settings
from subgraphs.users.loaders import UsersLoaders
from subgraphs.users.rules.tokens import KeyRing, configured_keyring
from subgraphs.users.schema import schema


def create_app(db: Database | None = None, keyring: KeyRing | None = None) -> FastAPI:
    ring = keyring or configured_keyring()

    async def jwks(_: Request) -> JSONResponse:
        return JSONResponse(ring.jwks(), headers={"cache-control": "public, max-age=300"})

    async def local_jwks() -> list[dict[str, Any]]:
        return ring.jwks()["keys"]

    return create_subgraph_app(
        name="users",
        schema=schema,
        db=db or Database("users"),
        make_loaders=UsersLoaders,
        # This subgraph holds the keys: verify locally instead of over HTTP.
        verifier=TokenVerifier(
            local_jwks, get_settings().jwt_issuer, account_states=subgraph_account_states()
        ),
        routes=[Route("/.well-known/jwks.json", jwks)],
    )
