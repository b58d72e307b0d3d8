"""Per-request DataLoaders of the users subgraph: one SQL query per batch of keys."""

from __future__ import annotations

from subgraphs.kit.database import Database
from subgraphs.kit.info import SubgraphInfo
from subgraphs.kit.row_loaders import row_by
from subgraphs.users.models import User


class UsersLoaders:
    def __init__(self, db: Database) -> None:
        self.user_by_id = row_by(db, User, User.id)


Info = SubgraphInfo[UsersLoaders]
"""`info` of a users resolver."""
