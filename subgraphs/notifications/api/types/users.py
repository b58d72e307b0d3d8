"""The user as this subgraph knows them: an id the users subgraph resolves."""

from __future__ import annotations

import strawberry


@strawberry.federation.type(keys=["id"], description="A person (owned by the users subgraph).")
class User:
    id: strawberry.ID
