"""Fixtures serving the marketplace subgraph over real HTTP, with sellers, buyers and admins."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest

from common.auth import TokenVerifier
from subgraphs.kit.database import Database
from subgraphs.marketplace.app import create_app
from tests.integration.accounts import Account, Accounts
from tests.integration.marketplace.market import Market
from tests.support.graphql import GraphQLClient
from tests.support.servers import serve


@pytest.fixture(scope="session")
def marketplace_db() -> Database:
    """The database object the served app uses (count statements on its engine)."""
    return Database("marketplace")


@pytest.fixture(scope="session")
def marketplace_url(marketplace_db: Database, users_verifier: TokenVerifier) -> Iterator[str]:
    with serve(create_app(db=marketplace_db, verifier=users_verifier)) as url:
        yield url


@pytest.fixture(scope="session")
async def marketplace_local_db() -> AsyncIterator[Database]:
    """A handle on the test's own event loop, for checking rows (outbox, ratings)."""
    db = Database("marketplace")
    yield db
    await db.dispose()


@pytest.fixture
async def marketplace(marketplace_url: str) -> AsyncIterator[GraphQLClient]:
    async with httpx.AsyncClient(base_url=marketplace_url, timeout=30) as http:
        yield GraphQLClient(http)


@pytest.fixture
def market(marketplace: GraphQLClient) -> Market:
    return Market(marketplace)


@dataclass(frozen=True)
class People:
    """Accounts made once per run (hashing passwords is what makes accounts slow)."""

    seller: Account
    other_seller: Account
    buyer: Account
    other_buyer: Account
    admin: Account
    moderator: Account


@pytest.fixture(scope="session")
async def people(users_url: str, local_db: Database) -> AsyncIterator[People]:
    async with httpx.AsyncClient(base_url=users_url, timeout=30) as http:
        accounts = Accounts(GraphQLClient(http), local_db)
        yield People(
            seller=await accounts.with_roles("SELLER"),
            other_seller=await accounts.with_roles("SELLER"),
            buyer=await accounts.register(),
            other_buyer=await accounts.register(),
            admin=await accounts.admin(),
            moderator=await accounts.with_roles("MODERATOR"),
        )
