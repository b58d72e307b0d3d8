"""Payloads of signing in and out: the account and its new tokens, or only success."""

from __future__ import annotations

import strawberry

from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError
from subgraphs.users import models
from subgraphs.users.api.types.accounts import User
from subgraphs.users.api.types.sessions import AuthTokens
from subgraphs.users.rules.sessions import TokenPair


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

    @classmethod
    def of(
        cls, result: tuple[models.User, TokenPair] | None, errors: list[UserError]
    ) -> AuthPayload:
        """The caller just proved to be this user: they see their own private fields."""
        if result is None:
            return cls(errors=errors)
        row, pair = result
        return cls(user=User.from_row(row, owner_view=True), tokens=AuthTokens.from_pair(pair))


@strawberry.type
class SuccessPayload:
    success: bool = False
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])
