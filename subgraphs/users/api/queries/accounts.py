"""Finding accounts: the signed-in user, one by id, and (for admins) every account."""

from __future__ import annotations

import strawberry
from sqlalchemy import String, cast, or_, select

from subgraphs.kit.connection_fields import connection_field
from subgraphs.kit.connections import Connection, Page, SortKey, paginate
from subgraphs.users.api.types.accounts import User, user_by_id
from subgraphs.users.loaders import Info
from subgraphs.users.models import Role
from subgraphs.users.models import User as UserRow


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@strawberry.field(description="The signed-in user.")
async def me(info: Info) -> User | None:
    return await user_by_id(info, info.context.require_user().user_id)


@strawberry.field
async def user(info: Info, id: strawberry.ID) -> User | None:
    return await user_by_id(info, id)


@connection_field(description="Every account, filtered; admins only.")
async def users(
    info: Info, page: Page, query: str | None = None, role: Role | None = None
) -> Connection[User]:
    context = info.context
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
    return await paginate(context.db, statement, keys, User.from_row, page)
