"""Errors a client is meant to see.

Two kinds, as docs/architecture.md says:
- `DomainError`: a rule the user broke. Mutations turn it into a `UserError` in their payload.
- `CodedError` subclasses: GraphQL errors with `extensions.code` (not signed in, not allowed,
  bad input). Everything else is masked as INTERNAL_SERVER_ERROR (see `masking`).
"""

from __future__ import annotations

from typing import Any

import strawberry

from subgraphs.kit.codes import Code


@strawberry.federation.type(
    shareable=True,
    description="A rule the request broke; `code` is stable, `message` is for humans.",
)
class UserError:
    field: str | None
    code: str
    message: str


class DomainError(Exception):
    # True when the transaction must still commit (e.g. revoking a stolen token family).
    keep_changes = False

    def __init__(self, code: Code, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def to_user_error(self) -> UserError:
        return UserError(field=self.field, code=self.code.value, message=self.message)


class CodedError(Exception):
    """An error that reaches the client with `extensions.code`; never masked."""

    code = "BAD_REQUEST"

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.extensions: dict[str, Any] = {"code": self.code, **extra}


class Unauthenticated(CodedError):
    code = "UNAUTHENTICATED"

    def __init__(self, message: str = "Sign in to do this.", **extra: Any) -> None:
        super().__init__(message, **extra)


class Forbidden(CodedError):
    code = "FORBIDDEN"

    def __init__(self, message: str = "You are not allowed to do this.", **extra: Any) -> None:
        super().__init__(message, **extra)


class NotFound(CodedError):
    code = "NOT_FOUND"


class BadUserInput(CodedError):
    code = "BAD_USER_INPUT"


class SubscriptionInterrupted(CodedError):
    """A live stream could not go on (e.g. its Redis connection broke): subscribe again."""

    code = "SUBSCRIPTION_INTERRUPTED"


PUBLIC_CODES = frozenset(
    {
        Unauthenticated.code,
        Forbidden.code,
        NotFound.code,
        BadUserInput.code,
        SubscriptionInterrupted.code,
        "RATE_LIMITED",
    }
)
