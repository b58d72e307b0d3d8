"""JWKS-based verification: caching by kid, following key rotation, refusing unknown keys."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from common.auth import InvalidToken, TokenVerifier
from subgraphs.kit.keys import SigningKey
from subgraphs.users.rules.tokens import KeyRing


class Publisher:
    """Stands in for the users subgraph's JWKS endpoint; counts fetches."""

    def __init__(self, ring: KeyRing) -> None:
        self.ring = ring
        self.fetches = 0

    async def __call__(self) -> list[dict[str, Any]]:
        self.fetches += 1
        return self.ring.jwks()["keys"]


async def test_verifies_and_caches_keys() -> None:
    ring = KeyRing(SigningKey.generate())
    publisher = Publisher(ring)
    verifier = TokenVerifier(publisher, "agora")
    user_id = uuid.uuid4()
    for _ in range(3):
        identity = await verifier.verify(ring.issue_access_token(user_id, ["SELLER"]).token)
        assert identity.user_id == str(user_id) and identity.roles == frozenset({"SELLER"})
    assert publisher.fetches == 1


async def test_follows_rotation_by_kid() -> None:
    old = SigningKey.generate()
    ring = KeyRing(old)
    publisher = Publisher(ring)
    verifier = TokenVerifier(publisher, "agora", refetch_interval=0)
    old_token = ring.issue_access_token(uuid.uuid4(), []).token
    await verifier.verify(old_token)
    # Rotate: a new current key, the old one kept as retired so its tokens stay valid.
    publisher.ring = KeyRing(SigningKey.generate(), [old.jwk])
    new_token = publisher.ring.issue_access_token(uuid.uuid4(), []).token
    await verifier.verify(new_token)
    await verifier.verify(old_token)
    assert publisher.fetches == 2


async def test_unknown_kid_refetches_at_most_once_per_interval() -> None:
    ring = KeyRing(SigningKey.generate())
    publisher = Publisher(ring)
    verifier = TokenVerifier(publisher, "agora")
    stranger = KeyRing(SigningKey.generate())
    for _ in range(5):
        with pytest.raises(InvalidToken, match="unknown signing key"):
            await verifier.verify(stranger.issue_access_token(uuid.uuid4(), []).token)
    assert publisher.fetches == 1
