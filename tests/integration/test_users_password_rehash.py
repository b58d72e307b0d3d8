"""A password hash made with weaker argon2 parameters than today's is replaced when its owner
signs in: the stored hash moves up, and the password still works."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from subgraphs.kit.database import Database
from subgraphs.users.models import User
from subgraphs.users.rules.passwords import needs_rehash
from tests.integration.accounts import Accounts

WEAK = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
async def users_here() -> AsyncIterator[Database]:
    """A handle on the test's own event loop (the served app's engine lives on its loop)."""
    db = Database("users")
    yield db
    await db.dispose()


async def stored_hash(db: Database, user_id: str) -> str:
    async with db.session() as session:
        statement = select(User.password_hash).where(User.id == uuid.UUID(user_id))
        return (await session.execute(statement)).scalar_one()


async def test_an_old_hash_is_upgraded_at_sign_in(accounts: Accounts, users_here: Database) -> None:
    account = await accounts.register()
    weak = WEAK.hash(account.password)
    async with users_here.session() as session, session.begin():
        await session.execute(
            update(User).where(User.id == uuid.UUID(account.id)).values(password_hash=weak)
        )
    assert needs_rehash(weak)

    await accounts.login(account.email, account.password)
    upgraded = await stored_hash(users_here, account.id)
    assert upgraded != weak and not needs_rehash(upgraded)

    await accounts.login(account.email, account.password)  # the new hash holds the password
    assert await stored_hash(users_here, account.id) == upgraded  # and is not made again


async def test_a_wrong_password_leaves_an_old_hash_alone(
    accounts: Accounts, users_here: Database
) -> None:
    account = await accounts.register()
    weak = WEAK.hash(account.password)
    async with users_here.session() as session, session.begin():
        await session.execute(
            update(User).where(User.id == uuid.UUID(account.id)).values(password_hash=weak)
        )
    refused = await accounts.login_raw(account.email, "not-the-password-1")
    assert [error["code"] for error in refused["errors"]] == ["INVALID_CREDENTIALS"]
    assert await stored_hash(users_here, account.id) == weak
