"""Accounts as GraphQL shows them: the `User` entity and its profile, thin views over rows.

Email and a private profile are shown to the user themselves and to admins only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from strawberry.types import Info

from subgraphs.kit.context import RequestContext, ctx
from subgraphs.kit.demand import assumed
from subgraphs.users import models
from subgraphs.users.models import Role

# The stored enum is the GraphQL enum too (registered on the class, so it is annotated as is).
strawberry.enum(Role)


def loaders(info: Info[Any, Any]) -> Any:
    return ctx(info).loaders


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

    def _visible(self, info: Info[Any, Any]) -> bool:
        return self.is_public or self._owner_view or sees_private_data(ctx(info), self._owner_id)

    @strawberry.field
    def bio(self, info: Info[Any, Any]) -> str | None:
        return self._bio if self._visible(info) else None

    @strawberry.field
    def avatar_url(self, info: Info[Any, Any]) -> str | None:
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
    def email(self, info: Info[Any, Any]) -> str | None:
        visible = self._owner_view or sees_private_data(ctx(info), str(self.id))
        return self._email if visible else None

    @classmethod
    def from_row(cls, row: models.User, *, owner_view: bool = False) -> User:
        user_id = str(row.id)
        return cls(
            id=strawberry.ID(user_id),
            first_name=row.first_name,
            last_name=row.last_name,
            display_name=row.display_name,
            roles=list(row.roles),
            is_verified=row.is_verified,
            is_active=row.is_active,
            date_joined=row.date_joined,
            profile=Profile(
                _bio=row.bio,
                _avatar_url=row.avatar_url,
                timezone=row.timezone,
                is_public=row.is_public,
                _owner_id=user_id,
                _owner_view=owner_view,
            ),
            _email=row.email,
            _owner_view=owner_view,
        )

    @classmethod
    async def resolve_reference(
        cls, info: Info[Any, Any], id: strawberry.ID, **_: Any
    ) -> User | None:
        row = await loaders(info).user(id)
        return None if row is None else cls.from_row(row)
