"""kit.viewer.Viewer: who is asking, as rules need it (the id, and the roles held now)."""

from __future__ import annotations

import uuid

from common.auth import Identity
from subgraphs.kit.viewer import Viewer

USER = uuid.UUID("0af76519-16cd-43dd-8448-eb211c80319c")


def identity(roles: set[str], current: set[str] | None = None) -> Identity:
    return Identity(
        user_id=str(USER),
        roles=frozenset(roles),
        token_id="t",
        expires_at=0,
        current_roles=None if current is None else frozenset(current),
    )


def test_anonymous_is_no_one_with_no_roles() -> None:
    anonymous = Viewer.of(None)
    assert anonymous.user_id is None and not anonymous.has_role("MODERATOR")
    assert not anonymous.is_(USER)


def test_a_signed_in_viewer_is_their_id_and_roles() -> None:
    viewer = Viewer.of(identity({"BUYER", "MODERATOR"}))
    assert viewer.is_(USER) and not viewer.is_(uuid.uuid4())
    assert viewer.has_role("ADMIN", "MODERATOR") and not viewer.has_role("ADMIN")


def test_a_role_removed_since_the_token_was_issued_does_not_count() -> None:
    viewer = Viewer.of(identity({"BUYER", "MODERATOR"}, current={"BUYER"}))
    assert viewer.roles == {"BUYER"} and not viewer.has_role("MODERATOR")
