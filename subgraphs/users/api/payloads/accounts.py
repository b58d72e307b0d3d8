"""The payload of a change to an account."""

from __future__ import annotations

import strawberry

from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import errors_field
from subgraphs.users import models
from subgraphs.users.api.types.accounts import User


@strawberry.type
class UserPayload:
    user: User | None = None
    errors: list[UserError] = errors_field()


def user_payload(row: models.User) -> UserPayload:
    return UserPayload(user=User.from_row(row))
