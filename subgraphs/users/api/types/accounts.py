"""Accounts as GraphQL shows them: the `User` entity and its profile, thin views over rows.

Email and a private profile are shown to the user themselves and to admins only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from subgraphs.kit.context import RequestContext
from subgraphs.kit.demand import assumed
from subgraphs.kit.info import loaders
from subgraphs.kit.payloads import from_row
from subgraphs.kit.row_loaders import load_node
from subgraphs.users import models
from subgraphs.users.loaders import Info
from subgraphs.users.models import Role

# The stored enum is the GraphQL enum too (registered on the class, so it is annotated as is).
strawberry.enum(Role)


def sees_private_data(context: RequestContext[Any], user_id: str) -> bool:
    """The user themselves and admins see email and private profile fields."""
    identity = context.identity
    return identity is not None and (identity.user_id == user_id or identity.has_role(Role.ADMIN))


@strawberry.type
class Profile:
    _bio: strawberry.Private[str | None]
    _avatar_url: strawberry.Private[str | None]
    timezone: str | None
    is_public: bool
    _owner_id: strawberry.Private[str]
    _owner_view: strawberry.Private[bool]

    def _visible(self, info: Info) -> bool:
        return self.is_public or self._owner_view or sees_private_data(info.context, self._owner_id)

    @strawberry.field
    def bio(self, info: Info) -> str | None:
        return self._bio if self._visible(info) else None

    @strawberry.field
    def avatar_url(self, info: Info) -> str | None:
        return self._avatar_url if self._visible(info) else None


@strawberry.federation.type(keys=["id"], description="A person with an Agora account.")
class User:
    id: strawberry.ID
    first_name: str
    last_name: str
    display_name: str
    roles: list[Role] = strawberry.field(directives=[assumed(len(Role))])
    is_verified: bool
    is_active: bool
    date_joined: dt.datetime
    profile: Profile
    _email: strawberry.Private[str]
    # True when the caller just proved to be this user (register, login): no token yet.
    _owner_view: strawberry.Private[bool]

    @strawberry.field(description="Visible to the user themselves and to admins only.")
    def email(self, info: Info) -> str | None:
        visible = self._owner_view or sees_private_data(info.context, str(self.id))
        return self._email if visible else None

    @classmethod
    def from_row(cls, row: models.User, *, owner_view: bool = False) -> User:
        profile = from_row(Profile, row, _owner_id=str(row.id), _owner_view=owner_view)
        return from_row(cls, row, profile=profile, _owner_view=owner_view)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID, **_: Any) -> User | None:
        return await user_by_id(info, id)


async def user_by_id(info: Info, user_id: object) -> User | None:
    """The account with this id (any form a client sends), through the request's loader."""
    return await load_node(loaders(info).user_by_id, user_id, User.from_row)
