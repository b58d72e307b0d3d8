"""Gig search: PostgreSQL full-text over the generated `search_vector`, filters and sorts.

Words become prefix terms (`logo:* & дизайн:*`) of the `simple` configuration, so Cyrillic and
Latin text match alike and partly typed words still find gigs. Only ACTIVE gigs are listed.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Numeric, cast, func, literal_column, select
from sqlalchemy.sql.elements import ColumnElement

from subgraphs.freelance.models import Gig, GigCategory, GigStatus
from subgraphs.freelance.rules.listings import Listing
from subgraphs.kit.category_queries import subtree_ids
from subgraphs.kit.connections import SortKey
from subgraphs.kit.errors import BadUserInput

_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 16


class GigSort(StrEnum):
    RELEVANCE = "RELEVANCE"
    NEWEST = "NEWEST"
    PRICE_ASC = "PRICE_ASC"
    PRICE_DESC = "PRICE_DESC"
    RATING = "RATING"
    POPULAR = "POPULAR"


@dataclass(frozen=True)
class GigFilter:
    category_id: uuid.UUID | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    max_delivery_days: int | None = None
    min_rating: float | None = None
    seller_id: uuid.UUID | None = None


def ts_query_text(query: str | None) -> str | None:
    """'Logo дизайн!' -> 'logo:* & дизайн:*'; None when the query has no words."""
    words = _WORD.findall((query or "").lower())[:MAX_TERMS]
    return " & ".join(f"{word}:*" for word in words) or None


def _check(gig_filter: GigFilter) -> None:
    for name, value in (("minPrice", gig_filter.min_price), ("maxPrice", gig_filter.max_price)):
        if value is not None and value < 0:
            raise BadUserInput("Prices cannot be negative.", argument=f"filter.{name}")
    if gig_filter.min_rating is not None and not 0 <= gig_filter.min_rating <= 5:
        raise BadUserInput("minRating is between 0 and 5.", argument="filter.minRating")
    if gig_filter.max_delivery_days is not None and gig_filter.max_delivery_days < 1:
        raise BadUserInput("maxDeliveryDays is at least 1.", argument="filter.maxDeliveryDays")


def search_gigs(query: str | None, gig_filter: GigFilter, sort: GigSort) -> Listing:
    _check(gig_filter)
    statement = select(Gig).where(Gig.status == GigStatus.ACTIVE, Gig.min_price.is_not(None))
    terms = ts_query_text(query)
    rank: ColumnElement[Any] | None = None
    if terms is not None:
        ts_query = func.to_tsquery(literal_column("'simple'::regconfig"), terms)
        statement = statement.where(Gig.search_vector.bool_op("@@")(ts_query))
        # Rounded so the value survives a round trip through a cursor unchanged.
        rank = func.round(cast(func.ts_rank(Gig.search_vector, ts_query), Numeric(12, 6)), 6)
    if gig_filter.category_id is not None:
        statement = statement.where(
            Gig.category_id.in_(subtree_ids(GigCategory, gig_filter.category_id))
        )
    if gig_filter.min_price is not None:
        statement = statement.where(Gig.min_price >= gig_filter.min_price)
    if gig_filter.max_price is not None:
        statement = statement.where(Gig.min_price <= gig_filter.max_price)
    if gig_filter.max_delivery_days is not None:
        statement = statement.where(Gig.min_delivery_days <= gig_filter.max_delivery_days)
    if gig_filter.min_rating is not None:
        statement = statement.where(Gig.rating_average >= gig_filter.min_rating)
    if gig_filter.seller_id is not None:
        statement = statement.where(Gig.seller_id == gig_filter.seller_id)
    return statement, sort_keys(sort, rank)


def sort_keys(sort: str, rank: ColumnElement[Any] | None) -> list[SortKey]:
    """The keys of a `GigSort`, ranked by `rank` when the search has words."""
    # The id runs in the direction of the main key: one index scan, forwards or backwards.
    by_id = SortKey(Gig.id, descending=True)
    popular = [
        SortKey(Gig.orders_count, descending=True),
        SortKey(Gig.views_count, descending=True),
        by_id,
    ]
    if sort == GigSort.RELEVANCE:
        # Without words to rank by, the most popular gigs come first.
        return popular if rank is None else [SortKey(rank, descending=True), *popular]
    by_sort: dict[str, list[SortKey]] = {
        GigSort.NEWEST: [SortKey(Gig.created_at, descending=True), by_id],
        GigSort.PRICE_ASC: [SortKey(Gig.min_price), SortKey(Gig.id)],
        GigSort.PRICE_DESC: [SortKey(Gig.min_price, descending=True), by_id],
        GigSort.RATING: [
            SortKey(Gig.rating_average, descending=True),
            SortKey(Gig.rating_count, descending=True),
            by_id,
        ],
        GigSort.POPULAR: popular,
    }
    return by_sort[sort]
