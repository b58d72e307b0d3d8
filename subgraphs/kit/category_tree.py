"""A node of a category tree as GraphQL shows it: what freelance's `GigCategory` and the
marketplace's `ProductCategory` have in common.

Each subgraph declares its own type over this base (its name, and `parent`/`children` through
its own loaders); the base is never in a schema itself, so the SDL is the subgraph's type with
these fields first:

    @strawberry.type
    class GigCategory(CategoryNode):
        @strawberry.field
        async def parent(self, info: Info) -> GigCategory | None: ...
"""

from __future__ import annotations

import uuid

import strawberry

from subgraphs.kit.demand import assumed
from subgraphs.kit.payloads import FromRow

# A category's children, or the roots: a tree admins keep small (no rule bounds it).
CATEGORIES = assumed(20)


# `from_row` takes the subgraph's category row (id, name, slug, icon, parent_id).
@strawberry.type
class CategoryNode(FromRow):
    id: strawberry.ID
    name: str
    slug: str
    icon: str | None
    _parent_id: strawberry.Private[uuid.UUID | None]
