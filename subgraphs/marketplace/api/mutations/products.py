"""Product mutations: a seller creates, edits and moves their products through the status
machine (rules/statuses.py)."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.kit.fields import sent_fields
from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me
from subgraphs.marketplace.api import Info, client_id, required_id
from subgraphs.marketplace.api.inputs.products import CreateProductInput, UpdateProductInput
from subgraphs.marketplace.api.payloads.products import DeleteProductPayload, ProductPayload
from subgraphs.marketplace.models import Product as ProductRow
from subgraphs.marketplace.rules import products
from subgraphs.marketplace.rules.statuses import Transition


async def _transition(info: Info, id: strawberry.ID, step: Transition) -> ProductPayload:
    # Listing is for sellers (a revoked SELLER lists nothing new); archiving is for anyone.
    seller = me(info, "SELLER") if step is Transition.PUBLISH else me(info)
    return await run_mutation(
        info, ProductPayload, lambda s: products.transition(s, seller, required_id(id, "id"), step)
    )


@strawberry.mutation(description="Sellers only; the product starts as a DRAFT.")
async def create_product(info: Info, input: CreateProductInput) -> ProductPayload:
    seller = me(info, "SELLER")

    return await run_mutation(
        info,
        ProductPayload,
        lambda s: products.create_product(
            s,
            seller,
            # The input's fields are the rule's arguments, by name; these two take a step.
            **sent_fields(input, skip=("category_id", "images")),
            category_id=client_id(input.category_id, "categoryId", "category"),
            images=[image.spec() for image in input.images],
        ),
    )


@strawberry.mutation(description="The seller only; fields left out keep their value.")
async def update_product(info: Info, input: UpdateProductInput) -> ProductPayload:
    seller = me(info)
    sent = sent_fields(input, skip=("id",))
    if sent.get("images") is not None:
        sent["images"] = [image.spec() for image in sent["images"]]

    async def work(session: AsyncSession) -> ProductRow:
        if "category_id" in sent:
            sent["category_id"] = client_id(sent["category_id"], "categoryId", "category")
        return await products.update_product(session, seller, required_id(input.id, "id"), sent)

    return await run_mutation(info, ProductPayload, work)


@strawberry.mutation(description="The seller (still a SELLER) lists a draft: DRAFT -> ACTIVE.")
async def publish_product(info: Info, id: strawberry.ID) -> ProductPayload:
    return await _transition(info, id, Transition.PUBLISH)


@strawberry.mutation(description="ACTIVE -> SOLD (the quantity becomes 0).")
async def mark_product_sold(info: Info, id: strawberry.ID) -> ProductPayload:
    return await _transition(info, id, Transition.SELL)


@strawberry.mutation(description="Any status but ARCHIVED -> ARCHIVED; hidden from others.")
async def archive_product(info: Info, id: strawberry.ID) -> ProductPayload:
    return await _transition(info, id, Transition.ARCHIVE)


@strawberry.mutation(description="Drafts only; archive a listed product instead.")
async def delete_product(info: Info, id: strawberry.ID) -> DeleteProductPayload:
    seller = me(info)
    return await run_mutation(
        info,
        DeleteProductPayload,
        lambda s: products.delete_product(s, seller, required_id(id, "id")),
    )
