"""Strawberry types of the users subgraph: thin views over ORM rows."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import strawberry
from strawberry.types import Info

from subgraphs.kit.context import RequestContext, ctx
from subgraphs.kit.demand import PAYLOAD_ERRORS, assumed
from subgraphs.kit.errors import UserError
from subgraphs.users import models


@strawberry.enum
class Role(enum.Enum):
    FREELANCER = "FREELANCER"
    SELLER = "SELLER"
    MODERATOR = "MODERATOR"
    ADMIN = "ADMIN"


def loaders(info: Info[Any, Any]) -> Any:
    return ctx(info).loaders


def sees_private_data(context: RequestContext[Any], user_id: str) -> bool:
    """The user themselves and admins see email and private profile fields."""
    identity = context.identity
    return identity is not None and (identity.user_id == user_id or identity.has_role("ADMIN"))


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
            roles=[Role(role) for role in row.roles],
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


@strawberry.type
class AuthTokens:
    access_token: str
    refresh_token: str
    access_token_expires_at: dt.datetime


@strawberry.type
class AuthPayload:
    user: User | None = None
    tokens: AuthTokens | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])
    retry_after_seconds: int | None = strawberry.field(
        default=None,
        description="With RATE_LIMITED or TEMPORARILY_UNAVAILABLE: seconds to wait before "
        "the next attempt can be checked.",
    )


@strawberry.type
class UserPayload:
    user: User | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.type
class SuccessPayload:
    success: bool = False
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@strawberry.input
class RegisterInput:
    email: str
    password: str
    first_name: str
    last_name: str


@strawberry.input(description="Fields left out keep their value.")
class UpdateProfileInput:
    first_name: str | None = strawberry.UNSET
    last_name: str | None = strawberry.UNSET
    bio: str | None = strawberry.UNSET
    avatar_url: str | None = strawberry.UNSET
    timezone: str | None = strawberry.UNSET
    is_public: bool | None = strawberry.UNSET
