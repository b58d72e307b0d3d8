"""Per-request DataLoaders of the users subgraph: one SQL query per batch of keys."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from subgraphs.kit.database import Database
from subgraphs.kit.ids import parse_uuid
from subgraphs.kit.info import SubgraphInfo
from subgraphs.users.models import User


class UsersLoaders:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.user_by_id: DataLoader[uuid.UUID, User | None] = DataLoader(self._users_by_id)

    async def _users_by_id(self, ids: Sequence[uuid.UUID]) -> list[User | None]:
        async with self.db.session() as session:
            rows = (await session.execute(select(User).where(User.id.in_(ids)))).scalars()
            found = {row.id: row for row in rows}
        return [found.get(user_id) for user_id in ids]

    async def user(self, user_id: object) -> User | None:
        parsed = parse_uuid(user_id)
        return None if parsed is None else await self.user_by_id.load(parsed)


Info = SubgraphInfo[UsersLoaders]
"""`info` of a users resolver."""
