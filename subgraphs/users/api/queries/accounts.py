"""Finding accounts: the signed-in user, one by id, and (for admins) every account."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import String, cast, or_, select
from strawberry.types import Info

from subgraphs.kit.connections import Connection, SortKey, paginate
from subgraphs.kit.context import ctx
from subgraphs.kit.demand import CONNECTION
from subgraphs.users.api.types.accounts import User, loaders
from subgraphs.users.models import Role
from subgraphs.users.models import User as UserRow


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@strawberry.type
class AccountQueries:
    @strawberry.field(description="The signed-in user.")
    async def me(self, info: Info[Any, Any]) -> User | None:
        identity = ctx(info).require_user()
        row = await loaders(info).user(identity.user_id)
        return None if row is None else User.from_row(row)

    @strawberry.field
    async def user(self, info: Info[Any, Any], id: strawberry.ID) -> User | None:
        row = await loaders(info).user(id)
        return None if row is None else User.from_row(row)

    @strawberry.field(description="Every account, filtered; admins only.", directives=[CONNECTION])
    async def users(
        self,
        info: Info[Any, Any],
        query: str | None = None,
        role: Role | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[User]:
        context = ctx(info)
        context.require_role(Role.ADMIN)
        statement = select(UserRow)
        if query:
            pattern = f"%{_escape_like(query.strip())}%"
            statement = statement.where(
                or_(
                    UserRow.email.ilike(pattern),
                    (UserRow.first_name + " " + UserRow.last_name).ilike(pattern),
                )
            )
        if role is not None:
            statement = statement.where(UserRow.roles.contains([role]))
        keys = [SortKey(UserRow.date_joined, descending=True), SortKey(cast(UserRow.id, String))]
        return await paginate(context.db, statement, keys, User.from_row, first=first, after=after)
