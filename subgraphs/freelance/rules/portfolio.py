"""Portfolio items: a freelancer's past work, edited by its owner only."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.models import PortfolioImage, PortfolioItem
from subgraphs.freelance.rules import validation
from subgraphs.freelance.rules.categories import CATEGORIES
from subgraphs.freelance.rules.gigs import ImageSpec, replace_images
from subgraphs.freelance.rules.rows import own_row
from subgraphs.kit.checks import not_cleared, optional_text
from subgraphs.kit.clock import utcnow
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError

MAX_IMAGES = 20
MAX_TECHNOLOGIES = 20


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    cleaners = {
        "title": lambda v: validation.text(v, "title", low=5, high=200),
        "description": lambda v: validation.text(v, "description", low=20, high=2000),
        "project_url": lambda v: None if not v else validation.url(v, "projectUrl"),
        "technologies": lambda v: validation.tags(
            v, "technologies", most=MAX_TECHNOLOGIES, each=50
        ),
        "completed_on": _completed_on,
        "category_id": lambda v: v,
    }
    return {name: cleaners[name](value) for name, value in fields.items() if name != "images"}


def _completed_on(value: dt.date | None) -> dt.date | None:
    if value is not None and value > utcnow().date():
        raise DomainError(
            Code.INVALID_DATE, "The completion date cannot be in the future.", "completedOn"
        )
    return value


def _clean_images(images: Sequence[ImageSpec]) -> list[ImageSpec]:
    if len(images) > MAX_IMAGES:
        raise DomainError(Code.TOO_MANY_IMAGES, f"At most {MAX_IMAGES} images.", "images")
    return [
        ImageSpec(
            url=validation.url(image.url, "images"),
            caption=optional_text(image.caption, "images", most=200, what="A caption"),
        )
        for image in images
    ]


async def create_item(
    session: AsyncSession, owner_id: uuid.UUID, fields: dict[str, Any]
) -> PortfolioItem:
    for required in ("title", "description"):
        fields.setdefault(required, "")
    cleaned = _clean(fields)
    images = _clean_images(fields.get("images") or [])
    await CATEGORIES.check_exists(session, cleaned.get("category_id"), "categoryId")
    item = PortfolioItem(id=uuid.uuid4(), owner_id=owner_id, **cleaned)
    item.technologies = cleaned.get("technologies", [])
    session.add(item)
    await session.flush()
    await replace_images(session, PortfolioImage.item_id, item.id, images)
    await session.flush()
    return item


async def _own_item(
    session: AsyncSession, owner_id: uuid.UUID, item_id: uuid.UUID
) -> PortfolioItem:
    return await own_row(
        session,
        PortfolioItem,
        item_id,
        owner_id,
        owner=PortfolioItem.owner_id,
        what="portfolio item",
        field="id",
        refusal="Only the owner can change a portfolio item.",
    )


async def update_item(
    session: AsyncSession, owner_id: uuid.UUID, item_id: uuid.UUID, fields: dict[str, Any]
) -> PortfolioItem:
    not_cleared(fields, ("title", "description", "technologies", "images"))
    cleaned = _clean(fields)
    images = _clean_images(fields["images"]) if "images" in fields else None
    item = await _own_item(session, owner_id, item_id)
    if "category_id" in cleaned:
        await CATEGORIES.check_exists(session, cleaned["category_id"], "categoryId")
    for name, value in cleaned.items():
        setattr(item, name, value)
    if images is not None:
        await replace_images(session, PortfolioImage.item_id, item.id, images)
    item.updated_at = utcnow()
    await session.flush()
    return item


async def delete_item(session: AsyncSession, owner_id: uuid.UUID, item_id: uuid.UUID) -> None:
    item = await _own_item(session, owner_id, item_id)
    await session.delete(item)
    await session.flush()
