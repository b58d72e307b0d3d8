"""The payload of a change to an account."""

from __future__ import annotations

import strawberry

from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError
from subgraphs.users import models
from subgraphs.users.api.types.accounts import User


@strawberry.type
class UserPayload:
    user: User | None = None
    errors: list[UserError] = strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])

    @classmethod
    def of(cls, row: models.User | None, errors: list[UserError]) -> UserPayload:
        return cls(user=None if row is None else User.from_row(row), errors=errors)
