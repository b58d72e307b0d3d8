"""A category tree as GraphQL shows it: what freelance's `GigCategory` and the marketplace's
`ProductCategory` have in common (their rows are `kit.models.CategoryColumns`).

`read_tree` reads the whole tree in one statement (admins keep it small) and primes the
request's `category_by_id` and `children_by_category` loaders from it, so the roots' children,
their children and any `parent` answer without another statement.

Each subgraph declares its own type over this base: its name, and the fields `parent` and
`children`, which must name that type; the base answers them (`load`, `subcategories`) and the
roots (`roots`). The base is never in a schema itself, so the SDL is the subgraph's type with
these fields first:

    @strawberry.type
    class GigCategory(CategoryNode):
        @strawberry.field
        async def parent(self, info: Info) -> GigCategory | None:
            return await GigCategory.load(info, self._parent_id)
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, Protocol, Self, TypeVar

import strawberry
from sqlalchemy import select
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from subgraphs.kit.context import RequestContext
from subgraphs.kit.demand import assumed
from subgraphs.kit.info import loaders
from subgraphs.kit.models import CategoryColumns
from subgraphs.kit.payloads import FromRow
from subgraphs.kit.row_loaders import load_node

# A category's children, or the roots: a tree admins keep small (no rule bounds it).
CATEGORIES = assumed(20)


Row = TypeVar("Row", bound=CategoryColumns)


class TreeLoaders(Protocol):
    category_by_id: DataLoader[Any, Any]
    children_by_category: DataLoader[Any, list[Any]]


Loaders = TypeVar("Loaders", bound=TreeLoaders)
TreeInfo = Info[RequestContext[Loaders], Any]


# `from_row` takes the subgraph's category row (id, name, slug, icon, parent_id).
@strawberry.type
class CategoryNode(FromRow):
    id: strawberry.ID
    name: str
    slug: str
    icon: str | None
    _parent_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    async def roots(cls, info: TreeInfo[Loaders], model: type[CategoryColumns]) -> list[Self]:
        """The top of the tree (the whole tree read once, `read_tree`)."""
        return [cls.from_row(row) for row in await read_tree(info, model) if row.parent_id is None]

    @classmethod
    async def load(cls, info: TreeInfo[Loaders], category_id: uuid.UUID | None) -> Self | None:
        """The category of `category_id` (None for none), through the request's loader."""
        return await load_node(loaders(info).category_by_id, category_id, cls.from_row)

    async def subcategories(self, info: TreeInfo[Loaders]) -> list[Self]:
        """This category's children, by name, through the request's loader."""
        rows = await loaders(info).children_by_category.load(uuid.UUID(self.id))
        return [self.from_row(row) for row in rows]


async def read_tree(info: TreeInfo[Loaders], model: type[Row]) -> list[Row]:
    """Every category, by name, in one statement; the request's loaders then answer from these
    rows."""
    statement = select(model).order_by(model.name, model.id)
    async with info.context.db.session() as session:
        rows = list((await session.execute(statement)).scalars())
    _prime(loaders(info), rows)
    return rows


def _prime(tree: TreeLoaders, rows: Sequence[CategoryColumns]) -> None:
    children: dict[uuid.UUID, list[CategoryColumns]] = {row.id: [] for row in rows}
    for row in rows:
        tree.category_by_id.prime(row.id, row)
        if row.parent_id is not None and row.parent_id in children:
            children[row.parent_id].append(row)
    for parent_id, kids in children.items():
        tree.children_by_category.prime(parent_id, kids)
