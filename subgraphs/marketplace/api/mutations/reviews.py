"""Review mutations: the author writes; moderators and admins may delete too."""

from __future__ import annotations

import strawberry

from subgraphs.kit.fields import sent_fields
from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me
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
from subgraphs.marketplace.rules import reviews


@strawberry.mutation(description="One review per user and product; not of your own product.")
async def create_product_review(
    info: Info, input: CreateProductReviewInput
) -> ProductReviewPayload:
    author = me(info)
    return await run_mutation(
        info,
        ProductReviewPayload,
        lambda s: reviews.create_review(
            s,
            author,
            required_id(input.product_id, "productId"),
            rating=input.rating,
            comment=input.comment,
            pros=input.pros,
            cons=input.cons,
        ),
    )


@strawberry.mutation(description="The author only; fields left out keep their value.")
async def update_product_review(
    info: Info, input: UpdateProductReviewInput
) -> ProductReviewPayload:
    author = me(info)
    sent = sent_fields(input, skip=("id",))
    return await run_mutation(
        info,
        ProductReviewPayload,
        lambda s: reviews.update_review(s, author, required_id(input.id, "id", "review"), sent),
    )


@strawberry.mutation(description="The author, a moderator or an admin.")
async def delete_product_review(info: Info, id: strawberry.ID) -> DeleteProductReviewPayload:
    info.context.require_user()
    who = viewer(info)

    def build(product: ProductRow) -> DeleteProductReviewPayload:
        return DeleteProductReviewPayload(
            deleted_review_id=id, product=Product.seen_by(who, product)
        )

    return await run_mutation(
        info,
        DeleteProductReviewPayload,
        lambda s: reviews.delete_review(s, who, required_id(id, "id", "review")),
        build=build,
    )
