"""The kit's tables, in a schema of this run's content database (dropped afterwards)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from subgraphs.kit.database import Database
from tests.integration.kit.tables import SCHEMA, Base


@pytest.fixture(scope="session")
async def kit_db() -> AsyncIterator[Database]:
    db = Database("content")
    async with db.engine.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
        await connection.run_sync(Base.metadata.create_all)
    yield db
    async with db.engine.begin() as connection:
        await connection.execute(text(f'DROP SCHEMA "{SCHEMA}" CASCADE'))
    await db.dispose()
