"""Fixtures serving the freelance subgraph over real HTTP, with sellers, buyers and staff."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from common.auth import TokenVerifier
from subgraphs.freelance.app import create_app
from subgraphs.kit.database import Database
from tests.integration.accounts import Account, Accounts
from tests.integration.freelance.studio import Staff, Studio
from tests.support.graphql import GraphQLClient
from tests.support.servers import serve


@pytest.fixture(scope="session")
def freelance_db() -> Database:
    """The database object the served app uses (count statements on its engine)."""
    return Database("freelance")


@pytest.fixture(scope="session")
def freelance_url(freelance_db: Database, users_verifier: TokenVerifier) -> Iterator[str]:
    with serve(create_app(db=freelance_db, verifier=users_verifier)) as url:
        yield url


@pytest.fixture(scope="session")
async def freelance_local_db() -> AsyncIterator[Database]:
    """A handle on the test's own event loop, for checking rows (outbox, ratings)."""
    db = Database("freelance")
    yield db
    await db.dispose()


@pytest.fixture
async def freelance(freelance_url: str) -> AsyncIterator[GraphQLClient]:
    async with httpx.AsyncClient(base_url=freelance_url, timeout=30) as http:
        yield GraphQLClient(http)


@pytest.fixture(scope="session")
async def staff(users_url: str, local_db: Database) -> AsyncIterator[Staff]:
    """One admin and one moderator for the whole run (their tokens outlive the suite)."""
    async with httpx.AsyncClient(base_url=users_url, timeout=30) as http:
        accounts = Accounts(GraphQLClient(http), local_db)
        admin: Account = await accounts.admin()
        staff = Staff(accounts=accounts, admin=admin, moderator=admin)
        staff.moderator = await staff.with_roles("MODERATOR")
        yield staff


@pytest.fixture
def studio(freelance: GraphQLClient, staff: Staff) -> Studio:
    return Studio(freelance, staff)


@pytest.fixture(scope="module")
async def module_seller(staff: Staff) -> Account:
    """A FREELANCER shared by a module's tests that only need someone allowed to create gigs."""
    return await staff.with_roles("FREELANCER")
