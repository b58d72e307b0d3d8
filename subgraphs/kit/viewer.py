"""Who is asking: the signed-in user's id from the request's verified identity (`me`,
`my_id`), or, for rules that answer anyone, a `Viewer`: the id (None when anonymous) and the
roles the account holds now. A subgraph names its own policies over it (freelance's
moderators, the marketplace's staff)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Self

from strawberry.types import Info

from common.auth import Identity
from subgraphs.kit.context import ctx


@dataclass(frozen=True)
class Viewer:
    user_id: uuid.UUID | None
    roles: frozenset[str] = frozenset()

    @classmethod
    def of(cls, identity: Identity | None) -> Self:
        if identity is None:
            return cls(None)
        # A role removed since the token was issued does not count (Identity.has_role).
        roles = frozenset(role for role in identity.roles if identity.has_role(role))
        return cls(uuid.UUID(identity.user_id), roles)

    def is_(self, user_id: uuid.UUID) -> bool:
        return self.user_id is not None and self.user_id == user_id

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)


def me(info: Info[Any, Any], *roles: str) -> uuid.UUID:
    """The signed-in user's id (else UNAUTHENTICATED); with `roles`, a user holding one of them
    (else FORBIDDEN)."""
    context = ctx(info)
    identity = context.require_role(*roles) if roles else context.require_user()
    return uuid.UUID(identity.user_id)


def my_id(info: Info[Any, Any]) -> uuid.UUID | None:
    """The signed-in user's id, or None for an anonymous request."""
    identity = ctx(info).identity
    return None if identity is None else uuid.UUID(identity.user_id)


def viewer(info: Info[Any, Any]) -> Viewer:
    """The request's `Viewer` (anonymous when no one signed in)."""
    return Viewer.of(ctx(info).identity)
