"""Product reviews: one per user and product, never on your own; the rating follows in the
same transaction as every review change."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.checks import not_cleared
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError, Forbidden
from subgraphs.kit.unique_races import unique_or
from subgraphs.marketplace.models import Product, ProductReview
from subgraphs.marketplace.rules import validation
from subgraphs.marketplace.rules.products import (
    Viewer,
    get_product,
    tell_seller,
    visible_product,
)


async def _refresh_rating(session: AsyncSession, product: Product) -> None:
    """Recompute from the reviews; callers hold the product's row lock, so this is exact."""
    reviews = select(ProductReview).where(ProductReview.product_id == product.id).subquery()
    await session.execute(
        update(Product)
        .where(Product.id == product.id)
        .values(
            rating_average=select(
                func.coalesce(func.round(func.avg(reviews.c.rating), 2), 0)
            ).scalar_subquery(),
            rating_count=select(func.count()).select_from(reviews).scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    )
    await session.refresh(product, ["rating_average", "rating_count"])


def _already_reviewed() -> DomainError:
    return DomainError(Code.ALREADY_REVIEWED, "You have reviewed this product.", "productId")


async def create_review(
    session: AsyncSession,
    author_id: uuid.UUID,
    product_id: uuid.UUID,
    *,
    rating: int,
    comment: str,
    pros: str | None,
    cons: str | None,
) -> tuple[ProductReview, Product]:
    rating = validation.clean_rating(rating)
    comment = validation.clean_comment(comment)
    pros = validation.clean_pros_cons(pros, "pros")
    cons = validation.clean_pros_cons(cons, "cons")
    product = await visible_product(session, Viewer(author_id), product_id, lock=True)
    if product.seller_id == author_id:
        raise DomainError(
            Code.CANNOT_REVIEW_OWN_PRODUCT, "You cannot review your own product.", "productId"
        )
    existing = await session.execute(
        select(ProductReview.id).where(
            ProductReview.product_id == product_id, ProductReview.author_id == author_id
        )
    )
    if existing.first() is not None:
        raise _already_reviewed()
    review = ProductReview(
        id=uuid.uuid4(),
        product_id=product_id,
        author_id=author_id,
        rating=rating,
        comment=comment,
        pros=pros,
        cons=cons,
    )
    session.add(review)
    # Unreachable under the product lock; kept as a guard.
    with unique_or(ProductReview, "uq_product_reviews_product_author", _already_reviewed()):
        await session.flush()
    await _refresh_rating(session, product)
    tell_seller(
        session, "PRODUCT_REVIEWED", product, author_id, reviewId=str(review.id), rating=rating
    )
    return review, product


async def _locked_review(
    session: AsyncSession, review_id: uuid.UUID
) -> tuple[ProductReview, Product]:
    """The review, after locking its product (always product first: no deadlocks)."""
    product_id = (
        await session.execute(select(ProductReview.product_id).where(ProductReview.id == review_id))
    ).scalar()
    if product_id is None:
        raise DomainError(Code.NOT_FOUND, "No such review.", "id")
    product = await get_product(session, product_id, lock=True)
    review = await session.get(ProductReview, review_id, populate_existing=True)
    if review is None:  # deleted while we waited for the lock
        raise DomainError(Code.NOT_FOUND, "No such review.", "id")
    return review, product


async def update_review(
    session: AsyncSession, author_id: uuid.UUID, review_id: uuid.UUID, changes: dict[str, Any]
) -> tuple[ProductReview, Product]:
    """Partial: only keys present in `changes` change; pros/cons accept None to clear."""
    not_cleared(changes, ("rating", "comment"))
    review, product = await _locked_review(session, review_id)
    if review.author_id != author_id:
        raise Forbidden("Only the author can edit this review.")
    if "rating" in changes:
        review.rating = validation.clean_rating(changes["rating"])
    if "comment" in changes:
        review.comment = validation.clean_comment(changes["comment"])
    for field in ("pros", "cons"):
        if field in changes:
            setattr(review, field, validation.clean_pros_cons(changes[field], field))
    review.updated_at = func.now()
    await session.flush()
    await session.refresh(review, ["updated_at"])
    await _refresh_rating(session, product)
    return review, product


async def delete_review(session: AsyncSession, viewer: Viewer, review_id: uuid.UUID) -> Product:
    """The author deletes; so can moderators and admins. Returns the product."""
    review, product = await _locked_review(session, review_id)
    if review.author_id != viewer.user_id and not viewer.is_staff:
        raise Forbidden("Only the author can delete this review.")
    await session.delete(review)
    await session.flush()
    await _refresh_rating(session, product)
    return product
