"""Fixtures for every test directory: the users subgraph served over real HTTP on loopback,
accounts made through it, and the JWKS verifier other subgraphs use."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from common.auth import TokenVerifier, http_jwks_fetcher
from subgraphs.kit.database import Database
from subgraphs.kit.identity import subgraph_account_states
from subgraphs.kit.settings import get_settings
from subgraphs.users.app import create_app
from tests.integration.accounts import Accounts
from tests.support.graphql import GraphQLClient
from tests.support.servers import serve


@pytest.fixture(scope="session")
def users_db() -> Database:
    """The database object the served app uses (its engine lives on the server's loop)."""
    return Database("users")


@pytest.fixture(scope="session")
def users_url(users_db: Database) -> Iterator[str]:
    with serve(create_app(db=users_db)) as url:
        yield url


@pytest.fixture(scope="session")
async def local_db() -> AsyncIterator[Database]:
    """A database handle on the test's own event loop, for setting up and checking rows."""
    db = Database("users")
    yield db
    await db.dispose()


@pytest.fixture
async def users(users_url: str) -> AsyncIterator[GraphQLClient]:
    async with httpx.AsyncClient(base_url=users_url, timeout=30) as http:
        yield GraphQLClient(http)


@pytest.fixture
def accounts(users: GraphQLClient, local_db: Database) -> Accounts:
    return Accounts(users, local_db)


@pytest.fixture(scope="session")
def users_verifier(users_url: str) -> TokenVerifier:
    """How every other subgraph verifies tokens in tests: the users subgraph's real JWKS."""
    return TokenVerifier(
        http_jwks_fetcher(f"{users_url}/.well-known/jwks.json"),
        get_settings().jwt_issuer,
        account_states=subgraph_account_states(),
    )
