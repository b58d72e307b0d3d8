"""Read operations of the marketplace subgraph."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info

from subgraphs.kit.connections import Connection, paginate
from subgraphs.kit.context import ctx
from subgraphs.kit.demand import CONNECTION
from subgraphs.kit.errors import BadUserInput
from subgraphs.kit.transactions import in_transaction
from subgraphs.marketplace import categories, listing, products, validation
from subgraphs.marketplace.inputs import ProductFilter
from subgraphs.marketplace.loaders import parse_uuid
from subgraphs.marketplace.models import Product as ProductRow
from subgraphs.marketplace.status import PUBLIC_STATUSES
from subgraphs.marketplace.types import (
    CATEGORIES,
    Product,
    ProductCategory,
    loaders,
    viewer,
)

NO_MATCH = parse_uuid("00000000-0000-0000-0000-000000000000")


def _one_of(id: strawberry.ID | None, slug: str | None) -> None:
    if (id is None) == (slug is None):
        raise BadUserInput("Give exactly one of `id` and `slug`.")


def _price_bound(value: Decimal | None, argument: str) -> Decimal | None:
    if value is not None and not 0 <= value <= validation.PRICE_MAX:
        raise BadUserInput(
            f"`{argument}` must be between 0 and {validation.PRICE_MAX}.", argument=argument
        )
    return value


def _filters(given: ProductFilter | None) -> listing.ProductFilters:
    if given is None:
        return listing.ProductFilters()
    # An id that is not a UUID matches nothing, as an unknown id would.
    return listing.ProductFilters(
        category_id=None
        if given.category_id is None
        else parse_uuid(given.category_id) or NO_MATCH,
        city=given.city,
        condition=None if given.condition is None else given.condition.value,
        min_price=_price_bound(given.min_price, "minPrice"),
        max_price=_price_bound(given.max_price, "maxPrice"),
        seller_id=None if given.seller_id is None else parse_uuid(given.seller_id) or NO_MATCH,
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="The category tree: the roots, each with its `children`.",
        directives=[CATEGORIES],
    )
    async def product_categories(self, info: Info[Any, Any]) -> list[ProductCategory]:
        async with ctx(info).db.session() as session:
            rows = await categories.all_categories(session)
        loaders(info).prime_tree(rows)
        return [ProductCategory.from_row(row) for row in rows if row.parent_id is None]

    @strawberry.field
    async def product_category(
        self, info: Info[Any, Any], id: strawberry.ID | None = None, slug: str | None = None
    ) -> ProductCategory | None:
        _one_of(id, slug)
        async with ctx(info).db.session() as session:
            rows = await categories.all_categories(session)
        loaders(info).prime_tree(rows)
        found = next((r for r in rows if str(r.id) == id or r.slug == slug), None)
        return None if found is None else ProductCategory.from_row(found)

    @strawberry.field(
        description="Active products: full-text `query` over title and description, filters, "
        "and a sort (RELEVANCE needs a query; without one it is NEWEST).",
        directives=[CONNECTION],
    )
    async def products(
        self,
        info: Info[Any, Any],
        query: str | None = None,
        filter: ProductFilter | None = None,
        sort: listing.ProductSort = listing.ProductSort.RELEVANCE,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Product]:
        statement, keys = listing.search_products(query, _filters(filter), sort)
        return await paginate(
            ctx(info).db, statement, keys, Product.from_row, first=first, after=after
        )

    @strawberry.field(description="By id or slug; drafts and archived ones only for their seller.")
    async def product(
        self, info: Info[Any, Any], id: strawberry.ID | None = None, slug: str | None = None
    ) -> Product | None:
        _one_of(id, slug)
        row: ProductRow | None
        if id is not None:
            row = await loaders(info).product(id)
        else:
            assert slug is not None
            row = await loaders(info).product_by_slug.load(slug)
        me = viewer(info)
        if row is None or not me.sees(row):
            return None
        if row.status in PUBLIC_STATUSES and row.seller_id != me.user_id:
            product_id = row.id
            await in_transaction(ctx(info).db, lambda s: products.count_view(s, product_id))
            row.views_count += 1
        return Product.from_row(row)
