"""Gig categories: a tree managed by admins."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.models import GigCategory
from subgraphs.freelance.rules import validation
from subgraphs.kit.category_queries import ancestor_ids
from subgraphs.kit.checks import optional_text
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.rows import get_row
from subgraphs.kit.slugs import SlugColumn

CATEGORY_SLUGS = SlugColumn(
    GigCategory.slug,
    fallback="category",
    exhausted=lambda: DomainError(
        Code.SLUG_TAKEN, "Could not find a free slug; try again.", "name"
    ),
)


async def get_category(session: AsyncSession, category_id: uuid.UUID) -> GigCategory:
    return await get_row(session, GigCategory, category_id, what="category", field="id")


async def check_category(
    session: AsyncSession,
    category_id: uuid.UUID | None,
    *,
    field: str = "categoryId",
    what: str = "category",
) -> None:
    """CATEGORY_NOT_FOUND on `field` when `category_id` names no category (None names none)."""
    if category_id is None:
        return
    if not await session.scalar(select(exists().where(GigCategory.id == category_id))):
        raise DomainError(Code.CATEGORY_NOT_FOUND, f"No such {what}.", field)


async def create_category(
    session: AsyncSession, *, name: str, icon: str | None, parent_id: uuid.UUID | None
) -> GigCategory:
    cleaned = validation.text(name, "name", low=2, high=100)
    category = GigCategory(
        id=uuid.uuid4(),
        name=cleaned,
        icon=optional_text(icon, "icon", most=100, what="The icon"),
        parent_id=parent_id,
    )
    await check_category(session, parent_id, field="parentId", what="parent category")
    await CATEGORY_SLUGS.save(session, category, cleaned)
    return category


async def update_category(
    session: AsyncSession, category_id: uuid.UUID, changes: dict[str, Any]
) -> GigCategory:
    category = await get_category(session, category_id)
    if changes.get("name", "") is None:
        raise DomainError(Code.REQUIRED, "A category needs a name.", "name")
    if "name" in changes:
        category.name = validation.text(changes["name"], "name", low=2, high=100)
    if "icon" in changes:
        category.icon = optional_text(changes["icon"], "icon", most=100, what="The icon")
    if "parent_id" in changes:
        parent_id = changes["parent_id"]
        await check_category(session, parent_id, field="parentId", what="parent category")
        # A category cannot sit under itself or under one of its own descendants.
        if parent_id is not None and category.id in await ancestor_ids(
            session, GigCategory, parent_id
        ):
            raise DomainError(Code.INVALID_PARENT, "That would make a cycle.", "parentId")
        category.parent_id = parent_id
    await session.flush()
    return category
