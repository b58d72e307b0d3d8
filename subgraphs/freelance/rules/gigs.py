"""Domain rules of gigs: creating and editing them, their packages, status and favorites."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from subgraphs.freelance.models import (
    Favorite,
    Gig,
    GigImage,
    GigPackage,
    GigStatus,
    GigViewDay,
    Order,
)
from subgraphs.freelance.rules import validation
from subgraphs.freelance.rules.categories import CATEGORIES
from subgraphs.freelance.rules.events import emit
from subgraphs.freelance.rules.machines import GIG_MACHINE, MODERATOR, PUBLIC_GIG_STATUSES, SELLER
from subgraphs.freelance.rules.rows import own_row
from subgraphs.kit.checks import not_cleared, optional_text
from subgraphs.kit.clock import utcnow
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError, Forbidden
from subgraphs.kit.held import hold
from subgraphs.kit.rows import get_row
from subgraphs.kit.slugs import SlugColumn
from subgraphs.kit.user_marks import mark, unmark

TIERS = ("BASIC", "STANDARD", "PREMIUM")
MAX_IMAGES = 10
MAX_FEATURES = 10

GIG_SLUGS = SlugColumn(Gig.slug, fallback="gig", field="title")


@dataclass(frozen=True)
class ImageSpec:
    url: str
    caption: str | None = None
    is_primary: bool = False


@dataclass(frozen=True)
class PackageSpec:
    tier: str
    name: str
    price: Decimal
    delivery_days: int
    description: str = ""
    revisions: int = 0
    features: Sequence[str] = ()


async def get_gig(session: AsyncSession, gig_id: uuid.UUID, *, lock: bool = False) -> Gig:
    return await get_row(session, Gig, gig_id, what="gig", field="gigId", lock=lock)


def can_see(gig: Gig, viewer_id: uuid.UUID | None, is_moderator: bool) -> bool:
    return gig.status in PUBLIC_GIG_STATUSES or is_moderator or gig.seller_id == viewer_id


async def own_gig(session: AsyncSession, seller_id: uuid.UUID, gig_id: uuid.UUID) -> Gig:
    """The seller's gig, locked; someone else's gig is FORBIDDEN."""
    return await own_row(
        session,
        Gig,
        gig_id,
        seller_id,
        owner=Gig.seller_id,
        what="gig",
        field="gigId",
        refusal="Only the gig's seller can change it.",
    )


def clean_images(images: Sequence[ImageSpec], field: str = "images") -> list[ImageSpec]:
    if len(images) > MAX_IMAGES:
        raise DomainError(Code.TOO_MANY_IMAGES, f"At most {MAX_IMAGES} images.", field)
    primaries = sum(1 for image in images if image.is_primary)
    if primaries > 1:
        raise DomainError(Code.INVALID_IMAGES, "Only one image can be the primary one.", field)
    cleaned = [
        ImageSpec(
            url=validation.url(image.url, field),
            caption=optional_text(image.caption, field, most=200, what="A caption"),
            # With none marked, the first image is the primary one.
            is_primary=image.is_primary or (primaries == 0 and index == 0),
        )
        for index, image in enumerate(images)
    ]
    return cleaned


async def replace_images(
    session: AsyncSession,
    parent: InstrumentedAttribute[uuid.UUID],
    parent_id: uuid.UUID,
    images: Sequence[ImageSpec],
) -> None:
    """The images under `parent_id` (a gig's, `GigImage.gig_id`; a portfolio item's) become
    `images`, in their order; a table without a primary image takes no `is_primary`."""
    await session.execute(delete(parent.class_).where(parent == parent_id))
    add_images(session, parent, parent_id, images)


def add_images(
    session: AsyncSession,
    parent: InstrumentedAttribute[uuid.UUID],
    parent_id: uuid.UUID,
    images: Sequence[ImageSpec],
) -> None:
    """`images`, in their order, under `parent_id`, which has none yet."""
    model: Any = parent.class_
    for position, image in enumerate(images):
        columns = {name: value for name, value in asdict(image).items() if hasattr(model, name)}
        session.add(model(**{parent.key: parent_id}, position=position, **columns))


async def create_gig(
    session: AsyncSession,
    seller_id: uuid.UUID,
    *,
    title: str,
    description: str,
    category_id: uuid.UUID | None,
    tags: Sequence[str],
    images: Sequence[ImageSpec],
    packages: Sequence[PackageSpec] = (),
) -> Gig:
    """A DRAFT gig, with its packages when given (as `set_packages` would write them)."""
    gig = Gig(
        id=uuid.uuid4(),
        seller_id=seller_id,
        title=validation.text(title, "title", low=10, high=200),
        description=validation.text(description, "description", low=50, high=5000),
        category_id=category_id,
        tags=validation.tags(tags),
        status=GigStatus.DRAFT,
        rating_average=Decimal("0"),
        rating_count=0,
        orders_count=0,
        views_count=0,
    )
    cleaned_images = clean_images(images)
    cleaned_packages = clean_packages(packages)
    gig.min_price, gig.min_delivery_days = _minimums(cleaned_packages)
    await CATEGORIES.check_exists(session, category_id, "categoryId")
    await GIG_SLUGS.save(session, gig, gig.title)
    hold(session, Gig, gig.id, inserted=True)  # later rules of this transaction: no lock
    add_images(session, GigImage.gig_id, gig.id, cleaned_images)
    session.add_all(GigPackage(gig_id=gig.id, **asdict(p)) for p in cleaned_packages)
    await session.flush()
    return gig


async def update_gig(
    session: AsyncSession, seller_id: uuid.UUID, gig_id: uuid.UUID, changes: dict[str, Any]
) -> Gig:
    """Partial update; the slug follows the title while the gig is a draft."""
    not_cleared(changes, ("title", "description", "tags", "images"))
    cleaned: dict[str, Any] = {}
    if "title" in changes:
        cleaned["title"] = validation.text(changes["title"], "title", low=10, high=200)
    if "description" in changes:
        cleaned["description"] = validation.text(
            changes["description"], "description", low=50, high=5000
        )
    if "tags" in changes:
        cleaned["tags"] = validation.tags(changes["tags"])
    images = clean_images(changes["images"]) if "images" in changes else None
    gig = await own_gig(session, seller_id, gig_id)
    if gig.status == GigStatus.ARCHIVED:
        raise DomainError(Code.GIG_ARCHIVED, "An archived gig cannot be edited.", "gigId")
    if "category_id" in changes:
        await CATEGORIES.check_exists(session, changes["category_id"], "categoryId")
        cleaned["category_id"] = changes["category_id"]
    retitled = (
        "title" in cleaned and gig.status == GigStatus.DRAFT and cleaned["title"] != gig.title
    )
    for name, value in cleaned.items():
        setattr(gig, name, value)
    if retitled:
        await GIG_SLUGS.save(session, gig, gig.title)
    if images is not None:
        await replace_images(session, GigImage.gig_id, gig.id, images)
    gig.updated_at = utcnow()
    await session.flush()
    return gig


def clean_packages(packages: Sequence[PackageSpec]) -> list[PackageSpec]:
    tiers = [package.tier for package in packages]
    if len(set(tiers)) != len(tiers):
        raise DomainError(Code.DUPLICATE_TIER, "Each tier can have one package.", "packages")
    cleaned = []
    for index, package in enumerate(packages):
        field = f"packages.{index}"
        if len(package.features) > MAX_FEATURES:
            raise DomainError(
                Code.TOO_MANY, f"At most {MAX_FEATURES} features.", f"{field}.features"
            )
        cleaned.append(
            PackageSpec(
                tier=package.tier,
                name=validation.text(package.name, f"{field}.name", low=1, high=100),
                description=validation.text(
                    package.description, f"{field}.description", low=0, high=1000
                ),
                price=validation.price(package.price, f"{field}.price"),
                delivery_days=validation.delivery_days(
                    package.delivery_days, f"{field}.deliveryDays"
                ),
                revisions=validation.revisions(package.revisions, f"{field}.revisions"),
                features=[
                    validation.text(feature, f"{field}.features", low=1, high=200)
                    for feature in package.features
                ],
            )
        )
    return cleaned


async def set_packages(
    session: AsyncSession, seller_id: uuid.UUID, gig_id: uuid.UUID, packages: Sequence[PackageSpec]
) -> Gig:
    """Replaces the gig's packages; a gig past DRAFT keeps at least one."""
    cleaned = clean_packages(packages)
    gig = await own_gig(session, seller_id, gig_id)
    if gig.status == GigStatus.ARCHIVED:
        raise DomainError(Code.GIG_ARCHIVED, "An archived gig cannot be edited.", "gigId")
    if not cleaned and gig.status != GigStatus.DRAFT:
        raise DomainError(
            Code.NO_PACKAGES, "A published gig needs at least one package.", "packages"
        )
    await session.execute(delete(GigPackage).where(GigPackage.gig_id == gig.id))
    session.add_all(GigPackage(gig_id=gig.id, **asdict(p)) for p in cleaned)
    gig.min_price, gig.min_delivery_days = _minimums(cleaned)
    gig.updated_at = utcnow()
    await session.flush()
    return gig


def _minimums(packages: Sequence[PackageSpec]) -> tuple[Decimal | None, int | None]:
    """The lowest price and delivery time of the packages: what the gig's listings show."""
    return (
        min((p.price for p in packages), default=None),
        min((p.delivery_days for p in packages), default=None),
    )


async def change_status(
    session: AsyncSession,
    actor_id: uuid.UUID,
    gig_id: uuid.UUID,
    action: str,
    *,
    is_moderator: bool = False,
    reason: str | None = None,
) -> Gig:
    """submit / approve / reject / pause / resume / archive, as GIG_MACHINE allows."""
    if action == "reject":
        reason = validation.text(reason or "", "reason", low=10, high=1000)
    gig = await get_gig(session, gig_id, lock=True)
    roles = {MODERATOR} if is_moderator else set()
    if gig.seller_id == actor_id:
        roles.add(SELLER)
    if not GIG_MACHINE.may_take(action, roles):
        raise Forbidden(f"You cannot {action} this gig.")
    target = GIG_MACHINE.target(action, gig.status)
    if action == "submit":
        has_package = await session.scalar(select(exists().where(GigPackage.gig_id == gig.id)))
        if not has_package:
            raise DomainError(Code.NO_PACKAGES, "Add at least one package first.", "packages")
    gig.status = target
    gig.rejection_reason = reason if action == "reject" else None
    gig.updated_at = utcnow()
    if action in ("approve", "reject"):
        emit(
            session,
            "GIG_APPROVED" if action == "approve" else "GIG_REJECTED",
            recipient=gig.seller_id,
            actor=actor_id,
            gigId=gig.id,
            gigTitle=gig.title,
            **({"reason": reason} if reason else {}),
        )
    return gig


async def delete_gig(session: AsyncSession, seller_id: uuid.UUID, gig_id: uuid.UUID) -> Gig | None:
    """Deletes a gig without orders; one with orders is archived instead (returned)."""
    gig = await own_gig(session, seller_id, gig_id)
    has_orders = await session.scalar(select(exists().where(Order.gig_id == gig.id)))
    if has_orders:
        gig.status = GigStatus.ARCHIVED
        gig.updated_at = utcnow()
        await session.flush()
        return gig
    await session.delete(gig)
    await session.flush()
    return None


async def favorite(session: AsyncSession, user_id: uuid.UUID, gig_id: uuid.UUID) -> Gig:
    gig = await get_gig(session, gig_id)
    if not can_see(gig, user_id, is_moderator=False):
        raise DomainError(Code.NOT_FOUND, "No such gig.", "gigId")
    await mark(session, Favorite.gig_id, user_id, gig_id)
    return gig


async def unfavorite(session: AsyncSession, user_id: uuid.UUID, gig_id: uuid.UUID) -> Gig:
    gig = await get_gig(session, gig_id)
    await unmark(session, Favorite.gig_id, user_id, gig_id)
    return gig


async def record_view(session: AsyncSession, gig_id: uuid.UUID) -> None:
    """One view: the gig's counter and the day's row (for analytics periods). A view is not
    an edit: `updated_at` is set to itself, which keeps its `onupdate` from firing."""
    await session.execute(
        update(Gig)
        .where(Gig.id == gig_id)
        .values(views_count=Gig.views_count + 1, updated_at=Gig.updated_at)
    )
    day = insert(GigViewDay).values(gig_id=gig_id, day=func.current_date(), views=1)
    await session.execute(
        day.on_conflict_do_update(
            index_elements=[GigViewDay.gig_id, GigViewDay.day],
            set_={"views": GigViewDay.views + 1},
        )
    )
