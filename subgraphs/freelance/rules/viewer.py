"""Who is asking, as the freelance rules need it: the user's id as a UUID and the moderator flag."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from common.auth import Identity


@dataclass(frozen=True)
class Viewer:
    user_id: uuid.UUID | None
    is_moderator: bool

    @classmethod
    def of(cls, identity: Identity | None) -> Viewer:
        if identity is None:
            return cls(None, False)
        return cls(uuid.UUID(identity.user_id), identity.has_role("MODERATOR"))

    def is_(self, user_id: uuid.UUID) -> bool:
        return self.user_id is not None and self.user_id == user_id
