"""Products: listing, partial updates, the status machine (rules/statuses.py) and views; who
sees which product."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, update
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit import held
from subgraphs.kit import viewer as kit_viewer
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError, Forbidden
from subgraphs.kit.outbox import record_event
from subgraphs.kit.rows import get_row
from subgraphs.kit.slugs import SlugColumn
from subgraphs.marketplace.models import (
    Outbox,
    Product,
    ProductCondition,
    ProductImage,
    ProductStatus,
)
from subgraphs.marketplace.rules import validation
from subgraphs.marketplace.rules.categories import CATEGORIES
from subgraphs.marketplace.rules.folding import fold_key
from subgraphs.marketplace.rules.statuses import (
    PRODUCT_MACHINE,
    PUBLIC_STATUSES,
    Transition,
    after_quantity_change,
)
from subgraphs.marketplace.rules.validation import ImageSpec

PRODUCT_SLUGS = SlugColumn(Product.slug, fallback="product", field="title")


class Viewer(kit_viewer.Viewer):
    """Who is asking: what they may see depends on it."""

    @property
    def is_staff(self) -> bool:
        return self.has_role("ADMIN", "MODERATOR")  # they see every product

    def sees(self, product: Product) -> bool:
        return (
            product.status in PUBLIC_STATUSES
            or self.is_staff
            or (self.user_id is not None and product.seller_id == self.user_id)
        )


def no_such_product(field: str) -> DomainError:
    return DomainError(Code.NOT_FOUND, "No such product.", field)


async def get_product(
    session: AsyncSession, product_id: uuid.UUID, *, lock: bool = False, field: str = "id"
) -> Product:
    """The product (locked for update with `lock`, unless this transaction holds it already:
    subgraphs.kit.held); NOT_FOUND naming `field` when none."""
    return await get_row(session, Product, product_id, what="product", field=field, lock=lock)


async def own_product(
    session: AsyncSession, seller_id: uuid.UUID, product_id: uuid.UUID
) -> Product:
    """The product locked for a change by its seller; someone else's draft is NOT_FOUND."""
    row = await get_product(session, product_id, lock=True)
    if row.seller_id != seller_id:
        if row.status not in PUBLIC_STATUSES:
            raise no_such_product("id")
        raise Forbidden("Only the seller can change this product.")
    return row


async def _replace_images(
    session: AsyncSession, product_id: uuid.UUID, images: list[ImageSpec]
) -> None:
    await session.execute(delete(ProductImage).where(ProductImage.product_id == product_id))
    _add_images(session, product_id, images)


def _add_images(session: AsyncSession, product_id: uuid.UUID, images: list[ImageSpec]) -> None:
    """`images`, in their order, of a product that has none yet."""
    session.add_all(
        ProductImage(
            id=uuid.uuid4(),
            product_id=product_id,
            url=image.url,
            caption=image.caption,
            position=position,
            is_primary=image.is_primary,
        )
        for position, image in enumerate(images)
    )


async def create_product(
    session: AsyncSession,
    seller_id: uuid.UUID,
    *,
    title: str,
    description: str | None,
    price: Decimal,
    old_price: Decimal | None,
    condition: ProductCondition,
    city: str,
    quantity: int,
    category_id: uuid.UUID | None,
    images: list[ImageSpec],
) -> Product:
    title = validation.clean_title(title)
    price = validation.clean_price(price)
    old_price = validation.check_old_price(price, old_price)
    city = validation.clean_city(city)
    images = validation.clean_images(images)
    row = Product(
        id=uuid.uuid4(),
        title=title,
        description=validation.clean_description(description),
        price=price,
        old_price=old_price,
        condition=condition,
        status=ProductStatus.DRAFT,
        city=city,
        city_key=fold_key(city),
        quantity=validation.clean_quantity(quantity),
        seller_id=seller_id,
    )
    await CATEGORIES.check_exists(session, category_id, "categoryId")
    row.category_id = category_id
    await PRODUCT_SLUGS.save(session, row, title)
    held.hold(session, Product, row.id, inserted=True)  # later rules of this transaction: no lock
    _add_images(session, row.id, images)
    return row


def _apply_text_fields(row: Product, changes: dict[str, Any]) -> None:
    for name in ("title", "city", "condition", "quantity"):
        if name in changes and changes[name] is None:
            raise DomainError(Code.REQUIRED, "This field cannot be cleared.", _graphql_name(name))
    if "title" in changes:
        row.title = validation.clean_title(changes["title"])
    if "description" in changes:
        row.description = validation.clean_description(changes["description"])
    if "city" in changes:
        row.city = validation.clean_city(changes["city"])
        row.city_key = fold_key(row.city)
    if "condition" in changes:
        row.condition = changes["condition"]


def _graphql_name(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


async def update_product(
    session: AsyncSession, seller_id: uuid.UUID, product_id: uuid.UUID, changes: dict[str, Any]
) -> Product:
    """Partial: only keys present in `changes` change (a present None clears optional fields)."""
    row = await own_product(session, seller_id, product_id)
    if "price" in changes and changes["price"] is None:
        raise DomainError(Code.REQUIRED, "This field cannot be cleared.", "price")
    _apply_text_fields(row, changes)
    price = validation.clean_price(changes["price"]) if "price" in changes else row.price
    old_price = changes.get("old_price", row.old_price)
    row.price, row.old_price = price, validation.check_old_price(price, old_price)
    if "category_id" in changes:
        await CATEGORIES.check_exists(session, changes["category_id"], "categoryId")
        row.category_id = changes["category_id"]
    if "quantity" in changes:
        row.quantity = validation.clean_quantity(changes["quantity"])
        row.status = after_quantity_change(row.status, row.quantity)
    if "images" in changes:
        images = validation.clean_images(changes["images"] or [])
        await _replace_images(session, row.id, images)
    row.updated_at = func.now()
    await session.flush()
    await session.refresh(row, ["updated_at"])
    return row


async def transition(
    session: AsyncSession, seller_id: uuid.UUID, product_id: uuid.UUID, step: Transition
) -> Product:
    """Publish, sell, archive: under the row lock, so concurrent transitions serialise."""
    row = await own_product(session, seller_id, product_id)
    target = PRODUCT_MACHINE.target(step, row.status)
    assert target is not None
    changes: dict[str, Any] = {"status": target, "updated_at": func.now()}
    if step is Transition.PUBLISH:
        if row.quantity == 0:
            raise DomainError(Code.OUT_OF_STOCK, "Set a quantity above 0 to publish.", "quantity")
        changes["published_at"] = func.now()
    if step is Transition.SELL:
        changes["quantity"] = 0
    # One UPDATE; RETURNING gives the row in the session the database's timestamps.
    statement = (
        update(Product)
        .where(Product.id == row.id)
        .values(changes)
        .returning(Product)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    updated: Product = (await session.execute(statement)).scalar_one()
    return updated


async def delete_product(
    session: AsyncSession, seller_id: uuid.UUID, product_id: uuid.UUID
) -> uuid.UUID:
    row = await own_product(session, seller_id, product_id)
    PRODUCT_MACHINE.target(Transition.DELETE, row.status)
    await session.delete(row)
    await session.flush()
    return product_id


async def visible_product(
    session: AsyncSession, viewer: Viewer, product_id: uuid.UUID, *, lock: bool = False
) -> Product:
    """A product `viewer` may see (one they may not is NOT_FOUND, as a missing one is)."""
    row = await get_product(session, product_id, lock=lock, field="productId")
    if not viewer.sees(row):
        raise no_such_product("productId")
    return row


def tell_seller(
    session: AsyncSession, kind: str, product: Product, actor_id: uuid.UUID, **data: Any
) -> None:
    """An outbox event to the product's seller (favorited, reviewed): the notification names
    and links the product."""
    record_event(
        session,
        Outbox,
        kind=kind,
        recipient_id=product.seller_id,
        actor_id=actor_id,
        data={
            "productId": product.id,
            "productTitle": product.title,
            "productSlug": product.slug,
            **data,
        },
    )


async def count_view(session: AsyncSession, product_id: uuid.UUID) -> None:
    await session.execute(
        update(Product)
        .where(Product.id == product_id)
        .values(views_count=Product.views_count + 1)
        .execution_options(synchronize_session=False)
    )
