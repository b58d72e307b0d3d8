"""kit.mutations through a real schema and database: the payload is read after the commit,
through loaders that cannot remember the rows from before it; typed `info` and `loaders`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import pytest
import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from subgraphs.kit.codes import Code
from subgraphs.kit.context import RequestContext
from subgraphs.kit.database import Database
from subgraphs.kit.errors import DomainError
from subgraphs.kit.info import SubgraphInfo, loaders
from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.payloads import Payload, from_row
from subgraphs.kit.schema import federation_schema
from tests.integration.kit.tables import Shelf


class ShelfLoaders:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.shelf: DataLoader[uuid.UUID, Shelf | None] = DataLoader(self._shelves)

    async def _shelves(self, ids: Sequence[uuid.UUID]) -> list[Shelf | None]:
        async with self.db.session() as session:
            rows = (await session.execute(select(Shelf).where(Shelf.id.in_(ids)))).scalars()
            found = {row.id: row for row in rows}
        return [found.get(key) for key in ids]


Info = SubgraphInfo[ShelfLoaders]


class KeptChanges(DomainError):
    keep_changes = True


@strawberry.type(name="Shelf")
class ShelfType:
    id: strawberry.ID
    name: str


class ShelfPayload(Payload):
    shelf: ShelfType | None = None


@strawberry.type
class Query:
    @strawberry.field
    async def shelf(self, info: Info, id: strawberry.ID) -> ShelfType | None:
        row = await loaders(info).shelf.load(uuid.UUID(id))
        return None if row is None else from_row(ShelfType, row)


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def rename_shelf(self, info: Info, id: strawberry.ID, name: str) -> ShelfPayload:
        shelf_id = uuid.UUID(id)
        await loaders(info).shelf.load(shelf_id)  # read before: the loader holds the old row

        async def work(session: AsyncSession) -> uuid.UUID:
            row = await session.get(Shelf, shelf_id)
            assert row is not None
            row.name = name
            await session.flush()
            if not name:
                raise DomainError(Code.REQUIRED, "A shelf needs a name.", "name")
            if name == "locked":
                raise KeptChanges(Code.TOKEN_REUSED, "Renamed, then locked.")
            return row.id

        async def build(renamed: uuid.UUID) -> ShelfPayload:
            row = await loaders(info).shelf.load(renamed)
            return ShelfPayload(shelf=None if row is None else from_row(ShelfType, row))

        return await run_mutation(info, ShelfPayload, work, build=build)


schema = federation_schema(query=Query, mutation=Mutation)
RENAME = """mutation($id: ID!, $name: String!) {
  renameShelf(id: $id, name: $name) { shelf { id name } errors { field code message } }
}"""


@pytest.fixture
async def shelf_id(kit_db: Database) -> str:
    async with kit_db.session() as session:
        row = Shelf(id=uuid.uuid4(), name="before")
        session.add(row)
        await session.commit()
    return str(row.id)


async def _rename(db: Database, shelf_id: str, name: str) -> dict[str, Any]:
    context = RequestContext(db=db, identity=None, auth_error=None, make_loaders=ShelfLoaders)
    result = await schema.execute(
        RENAME, variable_values={"id": shelf_id, "name": name}, context_value=context
    )
    assert result.errors is None and result.data is not None
    payload: dict[str, Any] = result.data["renameShelf"]
    return payload


async def _name(db: Database, shelf_id: str) -> str:
    async with db.session() as session:
        row = await session.get(Shelf, uuid.UUID(shelf_id))
        assert row is not None
        return row.name


def test_info_is_not_an_argument() -> None:
    assert "renameShelf(id: ID!, name: String!): ShelfPayload!" in schema.as_str()


async def test_the_payload_is_read_after_the_commit(kit_db: Database, shelf_id: str) -> None:
    payload = await _rename(kit_db, shelf_id, "after")
    assert payload == {"shelf": {"id": shelf_id, "name": "after"}, "errors": []}
    assert await _name(kit_db, shelf_id) == "after"


async def test_a_broken_rule_is_a_payload_error_and_nothing_changes(
    kit_db: Database, shelf_id: str
) -> None:
    payload = await _rename(kit_db, shelf_id, "")
    assert payload == {
        "shelf": None,
        "errors": [{"field": "name", "code": "REQUIRED", "message": "A shelf needs a name."}],
    }
    assert await _name(kit_db, shelf_id) == "before"


async def test_an_error_that_keeps_its_changes_commits_them(
    kit_db: Database, shelf_id: str
) -> None:
    payload = await _rename(kit_db, shelf_id, "locked")
    assert payload["errors"][0]["code"] == "TOKEN_REUSED"
    assert await _name(kit_db, shelf_id) == "locked"


async def test_loaders_are_fresh_after_the_mutation(kit_db: Database, shelf_id: str) -> None:
    context = RequestContext(db=kit_db, identity=None, auth_error=None, make_loaders=ShelfLoaders)
    before = context.loaders
    await schema.execute(
        RENAME, variable_values={"id": shelf_id, "name": ""}, context_value=context
    )
    assert context.loaders is not before
