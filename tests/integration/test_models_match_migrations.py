"""The models and the migrations describe the same tables.

The models are declared through the kit (base, mixins, enums stored as VARCHAR) while the
tables were made by each subgraph's Alembic migrations; Alembic's own comparison, types
included, must find nothing to migrate. A model change without its migration fails here."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection

from subgraphs.kit.database import Database

SUBGRAPHS = ("users", "notifications", "freelance", "content", "marketplace")


def _differences(connection: Connection, metadata: MetaData) -> list[Any]:
    def ours(_: object, name: str | None, kind: str, reflected: bool, __: object) -> bool:
        return not (kind == "table" and name == "alembic_version")

    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_object": ours}
    )
    return list(compare_metadata(context, metadata))


@pytest.mark.parametrize("subgraph", SUBGRAPHS)
async def test_the_models_are_the_tables_the_migrations_made(subgraph: str) -> None:
    models = importlib.import_module(f"subgraphs.{subgraph}.models")
    db = Database(subgraph)
    try:
        async with db.engine.connect() as connection:
            found = await connection.run_sync(_differences, models.Base.metadata)
    finally:
        await db.dispose()
    assert found == []
