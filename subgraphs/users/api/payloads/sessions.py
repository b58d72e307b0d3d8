"""Payloads of signing in and out: the account and its new tokens, or only success."""

from __future__ import annotations

from typing import Any

import strawberry

from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import Payload, errors_field
from subgraphs.users import models
from subgraphs.users.api.types.accounts import User
from subgraphs.users.api.types.sessions import AuthTokens
from subgraphs.users.rules.sessions import TokenPair


class AuthPayload(Payload):
    user: User | None = None
    tokens: AuthTokens | None = None
    errors: list[UserError] = errors_field()
    retry_after_seconds: int | None = strawberry.field(
        default=None,
        description="With RATE_LIMITED or TEMPORARILY_UNAVAILABLE: seconds to wait before "
        "the next attempt can be checked.",
    )

    @classmethod
    def of(cls, result: tuple[models.User, TokenPair]) -> AuthPayload:
        """The caller just proved to be this user: they see their own private fields."""
        row, pair = result
        return cls(user=User.from_row(row, owner_view=True), tokens=AuthTokens.from_pair(pair))


class SuccessPayload(Payload):
    success: bool = False

    @classmethod
    def of(cls, _: Any) -> SuccessPayload:
        return cls(success=True)
