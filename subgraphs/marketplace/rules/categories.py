"""The product category tree, managed by admins."""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.category_queries import ancestor_ids
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.slugs import SlugColumn
from subgraphs.kit.unique_races import unique_or
from subgraphs.marketplace.models import ProductCategory
from subgraphs.marketplace.rules import validation


def slug_taken() -> DomainError:
    """Every attempt at a free slug lost a race (products' slugs too)."""
    return DomainError(Code.SLUG_TAKEN, "The address was taken meanwhile; try again.")


CATEGORY_SLUGS = SlugColumn(ProductCategory.slug, fallback="category", exhausted=slug_taken)


async def get_category(
    session: AsyncSession, category_id: uuid.UUID | None, field: str = "id"
) -> ProductCategory:
    row = None if category_id is None else await session.get(ProductCategory, category_id)
    if row is None:
        raise DomainError(Code.CATEGORY_NOT_FOUND, "No such category.", field)
    return row


def _name_taken() -> DomainError:
    return DomainError(Code.NAME_TAKEN, "A sibling category has this name.", "name")


def _sibling_name_race() -> AbstractContextManager[None]:
    """A concurrent admin may take the name between the check and the write."""
    return unique_or(ProductCategory, "uq_product_categories_parent_name", _name_taken())


async def _check_name_free(
    session: AsyncSession, name: str, parent_id: uuid.UUID | None, own_id: uuid.UUID | None
) -> None:
    statement = select(ProductCategory.id).where(
        func.lower(ProductCategory.name) == name.lower(),
        ProductCategory.parent_id.is_(None)
        if parent_id is None
        else ProductCategory.parent_id == parent_id,
    )
    if own_id is not None:
        statement = statement.where(ProductCategory.id != own_id)
    if (await session.execute(statement)).first() is not None:
        raise _name_taken()


async def _check_no_cycle(
    session: AsyncSession, category_id: uuid.UUID, parent_id: uuid.UUID
) -> None:
    """The new parent must not be the category itself or one of its descendants."""
    if category_id in await ancestor_ids(session, ProductCategory, parent_id):
        raise DomainError(
            Code.CATEGORY_CYCLE, "A category cannot be moved under itself.", "parentId"
        )


async def create_category(
    session: AsyncSession, *, name: str, parent_id: uuid.UUID | None, icon: str | None
) -> ProductCategory:
    name = validation.clean_category_name(name)
    icon = validation.clean_icon(icon)
    if parent_id is not None:
        await get_category(session, parent_id, "parentId")
    await _check_name_free(session, name, parent_id, None)
    row = ProductCategory(id=uuid.uuid4(), name=name, icon=icon, parent_id=parent_id)
    with _sibling_name_race():
        await CATEGORY_SLUGS.save(session, row, name)
    return row


async def update_category(
    session: AsyncSession, category_id: uuid.UUID, changes: dict[str, Any]
) -> ProductCategory:
    """Partial: only the keys present in `changes` change; `parent_id=None` makes it a root."""
    row = await get_category(session, category_id)
    # The checks below query: they must not flush the half-applied change first.
    with session.no_autoflush:
        if "name" in changes:
            if changes["name"] is None:
                raise DomainError(Code.REQUIRED, "A category needs a name.", "name")
            row.name = validation.clean_category_name(changes["name"])
        if "icon" in changes:
            row.icon = validation.clean_icon(changes["icon"])
        if "parent_id" in changes:
            parent_id = changes["parent_id"]
            if parent_id is not None:
                await get_category(session, parent_id, "parentId")
                await _check_no_cycle(session, row.id, parent_id)
            row.parent_id = parent_id
        await _check_name_free(session, row.name, row.parent_id, row.id)
    with _sibling_name_race():
        await session.flush()
    return row
