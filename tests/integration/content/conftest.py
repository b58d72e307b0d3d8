"""Fixtures serving the content subgraph over real HTTP, verifying tokens via the users JWKS."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from common.auth import TokenVerifier
from subgraphs.content.app import create_app
from subgraphs.kit.database import Database
from tests.integration.accounts import Accounts
from tests.integration.content.helpers import Cast, Content, People
from tests.support.graphql import GraphQLClient
from tests.support.servers import serve


@pytest.fixture(scope="session")
def content_db() -> Database:
    """The database object the served app uses (its engine lives on the server's loop)."""
    return Database("content")


@pytest.fixture(scope="session")
def content_url(content_db: Database, users_verifier: TokenVerifier) -> Iterator[str]:
    with serve(create_app(db=content_db, verifier=users_verifier)) as url:
        yield url


@pytest.fixture(scope="session")
async def content_local_db() -> AsyncIterator[Database]:
    """A handle on the test's own event loop, for checking rows (outbox, likes)."""
    db = Database("content")
    yield db
    await db.dispose()


@pytest.fixture
async def content(content_url: str) -> AsyncIterator[GraphQLClient]:
    async with httpx.AsyncClient(base_url=content_url, timeout=60) as http:
        yield GraphQLClient(http)


@pytest.fixture
def api(content: GraphQLClient, accounts: Accounts) -> Content:
    return Content(content, accounts)


@pytest.fixture(scope="session")
async def people(users_url: str) -> AsyncIterator[People]:
    """Accounts registered once per run and reused: roles are per channel, and every test
    makes its own channels (argon2 makes each registration cost ~0.5 s)."""
    users_db = Database("users")
    async with httpx.AsyncClient(base_url=users_url, timeout=60) as http:
        yield People(Accounts(GraphQLClient(http), users_db))
    await users_db.dispose()


@pytest.fixture
async def cast(api: Content, people: People) -> Cast:
    """A fresh channel with an owner, an admin, a moderator, a member and an outsider."""
    return await api.cast(await people.take(5))
