"""Product reads: the searched list and one product by id or slug (which counts a view)."""

from __future__ import annotations

from decimal import Decimal

from subgraphs.kit.connection_fields import connection_field
from subgraphs.kit.connections import Connection, Page, paginate
from subgraphs.kit.errors import BadUserInput
from subgraphs.kit.ids import parse_uuid
from subgraphs.kit.info import loaders
from subgraphs.kit.lookup_fields import IdOrSlug, lookup_field
from subgraphs.kit.row_loaders import by_client_id
from subgraphs.kit.transactions import in_transaction
from subgraphs.marketplace.api import Info, viewer
from subgraphs.marketplace.api.inputs.products import ProductFilter
from subgraphs.marketplace.api.types.products import Product
from subgraphs.marketplace.models import Product as ProductRow
from subgraphs.marketplace.rules import listing, validation
from subgraphs.marketplace.rules import products as product_rules
from subgraphs.marketplace.rules.statuses import PUBLIC_STATUSES

NO_MATCH = parse_uuid("00000000-0000-0000-0000-000000000000")


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
        condition=given.condition,
        min_price=_price_bound(given.min_price, "minPrice"),
        max_price=_price_bound(given.max_price, "maxPrice"),
        seller_id=None if given.seller_id is None else parse_uuid(given.seller_id) or NO_MATCH,
    )


@connection_field(
    description="Active products: full-text `query` over title and description, filters, "
    "and a sort (RELEVANCE needs a query; without one it is NEWEST)."
)
async def products(
    info: Info,
    page: Page,
    query: str | None = None,
    filter: ProductFilter | None = None,
    sort: listing.ProductSort = listing.ProductSort.RELEVANCE,
) -> Connection[Product]:
    statement, keys = listing.search_products(query, _filters(filter), sort)
    return await paginate(info.context.db, statement, keys, Product.from_row, page)


@lookup_field(description="By id or slug; drafts and archived ones only for their seller.")
async def product(info: Info, key: IdOrSlug) -> Product | None:
    row: ProductRow | None
    if key.id is not None:
        row = await by_client_id(loaders(info).product_by_id, key.id)
    else:
        assert key.slug is not None
        row = await loaders(info).product_by_slug.load(key.slug)
    me = viewer(info)
    if row is None or not me.sees(row):
        return None
    if row.status in PUBLIC_STATUSES and row.seller_id != me.user_id:
        product_id = row.id
        await in_transaction(info.context.db, lambda s: product_rules.count_view(s, product_id))
        row.views_count += 1
    return Product.from_row(row)
