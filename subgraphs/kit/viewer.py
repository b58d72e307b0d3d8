"""Who is asking: the signed-in user's id from the request's verified identity."""

from __future__ import annotations

import uuid
from typing import Any

from strawberry.types import Info

from subgraphs.kit.context import ctx


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
