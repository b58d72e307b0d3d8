"""Who is asking, as the freelance rules need it (ids as UUIDs, the moderator flag)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from strawberry.types import Info

from subgraphs.kit.context import ctx
from subgraphs.kit.viewer import me


@dataclass(frozen=True)
class Viewer:
    user_id: uuid.UUID | None
    is_moderator: bool

    def is_(self, user_id: uuid.UUID) -> bool:
        return self.user_id is not None and self.user_id == user_id


def viewer(info: Info[Any, Any]) -> Viewer:
    identity = ctx(info).identity
    if identity is None:
        return Viewer(None, False)
    return Viewer(uuid.UUID(identity.user_id), identity.has_role("MODERATOR"))


def me_with_role(info: Info[Any, Any], role: str) -> uuid.UUID:
    """The signed-in user's id if they hold `role`, else FORBIDDEN."""
    return me(info, role)
