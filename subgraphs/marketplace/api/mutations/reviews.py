"""Review mutations: the author writes; moderators and admins may delete too."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.fields import sent_fields
from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me as _me
from subgraphs.marketplace.api import Info, required_id, viewer
from subgraphs.marketplace.api.inputs.reviews import (
    CreateProductReviewInput,
    UpdateProductReviewInput,
)
from subgraphs.marketplace.api.payloads.reviews import (
    DeleteProductReviewPayload,
    ProductReviewPayload,
)
from subgraphs.marketplace.api.types.products import Product
from subgraphs.marketplace.models import Product as ProductRow
from subgraphs.marketplace.models import ProductReview as ReviewRow
from subgraphs.marketplace.rules import reviews


@strawberry.type
class ReviewMutations:
    @strawberry.mutation(description="One review per user and product; not of your own product.")
    async def create_product_review(
        self, info: Info, input: CreateProductReviewInput
    ) -> ProductReviewPayload:
        me = _me(info)

        async def work(session: AsyncSession) -> tuple[ReviewRow, ProductRow]:
            return await reviews.create_review(
                session,
                me,
                required_id(input.product_id, "productId"),
                rating=input.rating,
                comment=input.comment,
                pros=input.pros,
                cons=input.cons,
            )

        return await run_mutation(info, ProductReviewPayload, work)

    @strawberry.mutation(description="The author only; fields left out keep their value.")
    async def update_product_review(
        self, info: Info, input: UpdateProductReviewInput
    ) -> ProductReviewPayload:
        me = _me(info)
        sent = sent_fields(input, skip=("id",))

        async def work(session: AsyncSession) -> tuple[ReviewRow, ProductRow]:
            review_id = required_id(input.id, "id", "review")
            return await reviews.update_review(session, me, review_id, sent)

        return await run_mutation(info, ProductReviewPayload, work)

    @strawberry.mutation(description="The author, a moderator or an admin.")
    async def delete_product_review(
        self, info: Info, id: strawberry.ID
    ) -> DeleteProductReviewPayload:
        info.context.require_user()
        who = viewer(info)

        async def work(session: AsyncSession) -> ProductRow:
            return await reviews.delete_review(session, who, required_id(id, "id", "review"))

        def build(product: ProductRow) -> DeleteProductReviewPayload:
            return DeleteProductReviewPayload(
                deleted_review_id=id, product=Product.seen_by(who, product)
            )

        return await run_mutation(info, DeleteProductReviewPayload, work, build=build)
