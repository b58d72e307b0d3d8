"""A category tree's recursive queries, over any `kit.models.CategoryColumns` table: the ids of
a category's subtree (a search "in this category" includes its subcategories) and the ids of
a category's ancestors (a move under one of them would make a cycle). UNION, not UNION ALL:
a cycle in the data (which the rules prevent) would end the recursion, not loop it."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.models import CategoryColumns


def subtree_ids(model: type[CategoryColumns], category_id: uuid.UUID) -> Select[tuple[uuid.UUID]]:
    """A select of the category's id and the ids of all its descendants."""
    tree = select(model.id).where(model.id == category_id).cte("subtree", recursive=True)
    tree = tree.union(select(model.id).join(tree, model.parent_id == tree.c.id))
    return select(tree.c.id)


async def ancestor_ids(
    session: AsyncSession, model: type[CategoryColumns], category_id: uuid.UUID
) -> set[uuid.UUID]:
    """The category's id and the ids of all its ancestors, in one statement."""
    chain = (
        select(model.id, model.parent_id)
        .where(model.id == category_id)
        .cte("ancestors", recursive=True)
    )
    chain = chain.union(
        select(model.id, model.parent_id).join(chain, model.id == chain.c.parent_id)
    )
    return set((await session.execute(select(chain.c.id))).scalars())
