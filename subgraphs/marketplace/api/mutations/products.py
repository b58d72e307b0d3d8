"""Write operations of the marketplace; the rules live in categories, products and reviews."""

from __future__ import annotations

import uuid
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from subgraphs.kit.context import ctx
from subgraphs.kit.errors import UserError
from subgraphs.kit.ids import optional_id
from subgraphs.kit.transactions import attempt
from subgraphs.kit.viewer import me as _me
from subgraphs.marketplace import categories, products, reviews
from subgraphs.marketplace.codes import Code
from subgraphs.marketplace.inputs import (
    CreateProductCategoryInput,
    CreateProductInput,
    CreateProductReviewInput,
    DeleteProductPayload,
    DeleteProductReviewPayload,
    ProductCategoryPayload,
    ProductPayload,
    ProductReviewPayload,
    UpdateProductCategoryInput,
    UpdateProductInput,
    UpdateProductReviewInput,
    given,
)
from subgraphs.marketplace.models import Product as ProductRow
from subgraphs.marketplace.models import ProductReview as ReviewRow
from subgraphs.marketplace.status import Transition
from subgraphs.marketplace.types import Product, ProductCategory, ProductReview, viewer


def _id(value: strawberry.ID | None, field: str, what: str = "product") -> uuid.UUID | None:
    """A client id as a UUID; an id that is not one names nothing (subgraphs.kit.ids)."""
    not_found = Code.CATEGORY_NOT_FOUND if what == "category" else Code.NOT_FOUND
    return optional_id(value, field, what, not_found)


def _required_id(value: strawberry.ID, field: str, what: str = "product") -> uuid.UUID:
    parsed = _id(value, field, what)
    assert parsed is not None
    return parsed


def _product_payload(row: ProductRow | None, errors: list[UserError]) -> ProductPayload:
    return ProductPayload(product=None if row is None else Product.from_row(row), errors=errors)


def _review_payload(
    result: tuple[ReviewRow, ProductRow] | None, errors: list[UserError]
) -> ProductReviewPayload:
    if result is None:
        return ProductReviewPayload(errors=errors)
    review, product = result
    return ProductReviewPayload(
        review=ProductReview.from_row(review), product=Product.from_row(product)
    )


async def _transition(info: Info[Any, Any], id: strawberry.ID, step: Transition) -> ProductPayload:
    # Listing is for sellers (a revoked SELLER lists nothing new); archiving is for anyone.
    me = _me(info, "SELLER") if step is Transition.PUBLISH else _me(info)

    async def work(session: AsyncSession) -> ProductRow:
        return await products.transition(session, me, _required_id(id, "id"), step)

    return _product_payload(*await attempt(ctx(info).db, work))


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Admins only.")
    async def create_product_category(
        self, info: Info[Any, Any], input: CreateProductCategoryInput
    ) -> ProductCategoryPayload:
        _me(info, "ADMIN")

        async def work(session: AsyncSession) -> ProductCategory:
            row = await categories.create_category(
                session,
                name=input.name,
                parent_id=_id(input.parent_id, "parentId", "category"),
                icon=input.icon,
            )
            return ProductCategory.from_row(row)

        category, errors = await attempt(ctx(info).db, work)
        return ProductCategoryPayload(category=category, errors=errors)

    @strawberry.mutation(description="Admins only; fields left out keep their value.")
    async def update_product_category(
        self, info: Info[Any, Any], input: UpdateProductCategoryInput
    ) -> ProductCategoryPayload:
        _me(info, "ADMIN")
        changes = given(input)
        changes.pop("id")
        if "parent_id" in changes:
            changes["parent_id"] = _id(changes["parent_id"], "parentId", "category")

        async def work(session: AsyncSession) -> ProductCategory:
            category_id = _required_id(input.id, "id", "category")
            row = await categories.update_category(session, category_id, changes)
            return ProductCategory.from_row(row)

        category, errors = await attempt(ctx(info).db, work)
        return ProductCategoryPayload(category=category, errors=errors)

    @strawberry.mutation(description="Sellers only; the product starts as a DRAFT.")
    async def create_product(
        self, info: Info[Any, Any], input: CreateProductInput
    ) -> ProductPayload:
        me = _me(info, "SELLER")

        async def work(session: AsyncSession) -> ProductRow:
            return await products.create_product(
                session,
                me,
                title=input.title,
                description=input.description,
                price=input.price,
                old_price=input.old_price,
                condition=input.condition.value,
                city=input.city,
                quantity=input.quantity,
                category_id=_id(input.category_id, "categoryId", "category"),
                images=[image.spec() for image in input.images],
            )

        return _product_payload(*await attempt(ctx(info).db, work))

    @strawberry.mutation(description="The seller only; fields left out keep their value.")
    async def update_product(
        self, info: Info[Any, Any], input: UpdateProductInput
    ) -> ProductPayload:
        me = _me(info)
        changes = given(input)
        changes.pop("id")
        if changes.get("condition") is not None:
            changes["condition"] = changes["condition"].value
        if changes.get("images") is not None:
            changes["images"] = [image.spec() for image in changes["images"]]

        async def work(session: AsyncSession) -> ProductRow:
            if "category_id" in changes:
                changes["category_id"] = _id(changes["category_id"], "categoryId", "category")
            return await products.update_product(session, me, _required_id(input.id, "id"), changes)

        return _product_payload(*await attempt(ctx(info).db, work))

    @strawberry.mutation(description="The seller (still a SELLER) lists a draft: DRAFT -> ACTIVE.")
    async def publish_product(self, info: Info[Any, Any], id: strawberry.ID) -> ProductPayload:
        return await _transition(info, id, Transition.PUBLISH)

    @strawberry.mutation(description="ACTIVE -> SOLD (the quantity becomes 0).")
    async def mark_product_sold(self, info: Info[Any, Any], id: strawberry.ID) -> ProductPayload:
        return await _transition(info, id, Transition.SELL)

    @strawberry.mutation(description="Any status but ARCHIVED -> ARCHIVED; hidden from others.")
    async def archive_product(self, info: Info[Any, Any], id: strawberry.ID) -> ProductPayload:
        return await _transition(info, id, Transition.ARCHIVE)

    @strawberry.mutation(description="Drafts only; archive a listed product instead.")
    async def delete_product(self, info: Info[Any, Any], id: strawberry.ID) -> DeleteProductPayload:
        me = _me(info)

        async def work(session: AsyncSession) -> uuid.UUID:
            return await products.delete_product(session, me, _required_id(id, "id"))

        deleted, errors = await attempt(ctx(info).db, work)
        return DeleteProductPayload(
            deleted_product_id=None if deleted is None else strawberry.ID(str(deleted)),
            errors=errors,
        )

    @strawberry.mutation(description="Idempotent; the seller is notified the first time.")
    async def favorite_product(
        self, info: Info[Any, Any], product_id: strawberry.ID
    ) -> ProductPayload:
        me = _me(info)

        async def work(session: AsyncSession) -> ProductRow:
            return await products.favorite(session, me, _required_id(product_id, "productId"))

        return _product_payload(*await attempt(ctx(info).db, work))

    @strawberry.mutation(description="Idempotent.")
    async def unfavorite_product(
        self, info: Info[Any, Any], product_id: strawberry.ID
    ) -> ProductPayload:
        me = _me(info)

        async def work(session: AsyncSession) -> ProductRow:
            return await products.unfavorite(session, me, _required_id(product_id, "productId"))

        row, errors = await attempt(ctx(info).db, work)
        visible = row is not None and viewer(info).sees(row)
        return _product_payload(row if visible else None, errors)

    @strawberry.mutation(description="One review per user and product; not of your own product.")
    async def create_product_review(
        self, info: Info[Any, Any], input: CreateProductReviewInput
    ) -> ProductReviewPayload:
        me = _me(info)

        async def work(session: AsyncSession) -> tuple[ReviewRow, ProductRow]:
            return await reviews.create_review(
                session,
                me,
                _required_id(input.product_id, "productId"),
                rating=input.rating,
                comment=input.comment,
                pros=input.pros,
                cons=input.cons,
            )

        return _review_payload(*await attempt(ctx(info).db, work))

    @strawberry.mutation(description="The author only; fields left out keep their value.")
    async def update_product_review(
        self, info: Info[Any, Any], input: UpdateProductReviewInput
    ) -> ProductReviewPayload:
        me = _me(info)
        changes = given(input)
        changes.pop("id")

        async def work(session: AsyncSession) -> tuple[ReviewRow, ProductRow]:
            review_id = _required_id(input.id, "id", "review")
            return await reviews.update_review(session, me, review_id, changes)

        return _review_payload(*await attempt(ctx(info).db, work))

    @strawberry.mutation(description="The author, a moderator or an admin.")
    async def delete_product_review(
        self, info: Info[Any, Any], id: strawberry.ID
    ) -> DeleteProductReviewPayload:
        _me(info)
        who = viewer(info)

        async def work(session: AsyncSession) -> ProductRow:
            return await reviews.delete_review(session, who, _required_id(id, "id", "review"))

        product, errors = await attempt(ctx(info).db, work)
        if product is None:
            return DeleteProductReviewPayload(errors=errors)
        return DeleteProductReviewPayload(
            deleted_review_id=id,
            product=Product.from_row(product) if who.sees(product) else None,
        )
