"""Root query fields of gigs: one by id or slug, and the search."""

from __future__ import annotations

import uuid

import strawberry

from subgraphs.freelance.api import Info, viewer
from subgraphs.freelance.api.inputs.gigs import GigFilterInput, GigSort
from subgraphs.freelance.api.types.gigs import Gig, GigStatus, visible_gig
from subgraphs.freelance.rules.gigs import record_view
from subgraphs.freelance.rules.search import GigFilter, search_gigs
from subgraphs.kit.connection_fields import connection_field
from subgraphs.kit.connections import Connection, Page, paginate
from subgraphs.kit.errors import BadUserInput
from subgraphs.kit.ids import parse_uuid
from subgraphs.kit.info import loaders
from subgraphs.kit.lookup_fields import IdOrSlug, lookup_field
from subgraphs.kit.row_loaders import by_client_id
from subgraphs.kit.transactions import in_transaction


def _id_argument(value: strawberry.ID | None, argument: str) -> uuid.UUID | None:
    if value is None:
        return None
    parsed = parse_uuid(value)
    if parsed is None:
        raise BadUserInput(f"`{argument}` is not a valid id.", argument=argument)
    return parsed


def _gig_filter(value: GigFilterInput | None) -> GigFilter:
    if value is None:
        return GigFilter()
    return GigFilter(
        category_id=_id_argument(value.category_id, "filter.categoryId"),
        min_price=value.min_price,
        max_price=value.max_price,
        max_delivery_days=value.max_delivery_days,
        min_rating=value.min_rating,
        seller_id=_id_argument(value.seller_id, "filter.sellerId"),
    )


@lookup_field(description="By id or slug; counts a view when someone else looks.")
async def gig(info: Info, key: IdOrSlug) -> Gig | None:
    found = loaders(info)
    row = (
        await by_client_id(found.gig_by_id, key.id)
        if key.id is not None
        else await found.gig_by_slug.load(key.slug)
    )
    gig = await visible_gig(info, row)
    if row is not None and row.status == GigStatus.ACTIVE and not viewer(info).is_(row.seller_id):
        gig_id = row.id
        await in_transaction(info.context.db, lambda s: record_view(s, gig_id))
    return gig


@connection_field(description="Active gigs: full-text search, filters and sorts.")
async def gigs(
    info: Info,
    page: Page,
    query: str | None = None,
    filter: GigFilterInput | None = None,
    sort: GigSort = GigSort.RELEVANCE,
) -> Connection[Gig]:
    statement, keys = search_gigs(query, _gig_filter(filter), sort)
    return await paginate(info.context.db, statement, keys, Gig.from_row, page)
