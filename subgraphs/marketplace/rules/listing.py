"""The selects behind every product list: search with filters and sorts, a seller's products,
a user's favorites, a product's reviews. Each comes with its keyset sort keys."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Double, Select, cast, func, literal, literal_column, or_, select

from subgraphs.kit.category_queries import subtree_ids
from subgraphs.kit.child_pages import ChildListing
from subgraphs.kit.connections import SortKey
from subgraphs.marketplace.models import (
    Favorite,
    Product,
    ProductCategory,
    ProductCondition,
    ProductReview,
    ProductStatus,
)
from subgraphs.marketplace.rules.folding import CYRILLIC_LOWER, CYRILLIC_UPPER, fold_key
from subgraphs.marketplace.rules.statuses import PUBLIC_STATUSES


class ProductSort(enum.Enum):
    RELEVANCE = "RELEVANCE"
    NEWEST = "NEWEST"
    PRICE_ASC = "PRICE_ASC"
    PRICE_DESC = "PRICE_DESC"
    RATING = "RATING"


@dataclass(frozen=True)
class ProductFilters:
    category_id: uuid.UUID | None = None
    city: str | None = None
    condition: ProductCondition | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    seller_id: uuid.UUID | None = None


def _ts_query(text: str) -> Any:
    folded = func.translate(literal(text), CYRILLIC_UPPER, CYRILLIC_LOWER)
    return func.websearch_to_tsquery(literal_column("'simple'::regconfig"), folded)


def _newest() -> list[SortKey]:
    return [SortKey(Product.created_at, descending=True), SortKey(Product.id, descending=True)]


def search_products(
    query: str | None, filters: ProductFilters, sort: ProductSort
) -> tuple[Select[Any], list[SortKey]]:
    """Active products matching `query` (full text, `simple` config) and the filters."""
    statement = select(Product).where(Product.status == ProductStatus.ACTIVE)
    text = (query or "").strip()
    rank = None
    if text:
        ts_query = _ts_query(text)
        statement = statement.where(Product.search_vector.bool_op("@@")(ts_query))
        # Double precision: the cursor carries the rank back exactly.
        rank = cast(func.ts_rank_cd(Product.search_vector, ts_query), Double)
    if filters.category_id is not None:
        statement = statement.where(
            Product.category_id.in_(subtree_ids(ProductCategory, filters.category_id))
        )
    if filters.city:
        statement = statement.where(Product.city_key == fold_key(filters.city))
    if filters.condition is not None:
        statement = statement.where(Product.condition == filters.condition)
    if filters.min_price is not None:
        statement = statement.where(Product.price >= filters.min_price)
    if filters.max_price is not None:
        statement = statement.where(Product.price <= filters.max_price)
    if filters.seller_id is not None:
        statement = statement.where(Product.seller_id == filters.seller_id)
    return statement, _sort_keys(sort, rank)


def _sort_keys(sort: ProductSort, rank: Any) -> list[SortKey]:
    if sort is ProductSort.PRICE_ASC:
        return [SortKey(Product.price), SortKey(Product.id)]
    if sort is ProductSort.PRICE_DESC:
        return [SortKey(Product.price, descending=True), SortKey(Product.id, descending=True)]
    if sort is ProductSort.RATING:
        return [
            SortKey(Product.rating_average, descending=True),
            SortKey(Product.rating_count, descending=True),
            SortKey(Product.id, descending=True),
        ]
    if sort is ProductSort.RELEVANCE and rank is not None:
        return [SortKey(rank, descending=True), *_newest()]
    return _newest()  # NEWEST, or RELEVANCE without a query


# A seller's list varies by (whether the caller sees every status, the status asked for).
SellerVariant = tuple[bool, ProductStatus | None]


def seller_products_of(variant: SellerVariant) -> ChildListing:
    """Sellers' products, newest first: public ones, or all of them for the seller."""
    sees_all, status = variant
    statement = select(Product)
    if not sees_all:
        statement = statement.where(Product.status.in_(PUBLIC_STATUSES))
    if status is not None:
        statement = statement.where(Product.status == status)
    return ChildListing(statement, Product.seller_id, _newest())


def favorite_products(user_id: uuid.UUID) -> tuple[Select[Any], list[SortKey]]:
    """The user's favorites, most recently added first; drafts and archived ones drop out
    unless they are the user's own."""
    statement = (
        select(Product)
        .join(Favorite, Favorite.product_id == Product.id)
        .where(
            Favorite.user_id == user_id,
            or_(Product.status.in_(PUBLIC_STATUSES), Product.seller_id == user_id),
        )
    )
    keys = [
        SortKey(Favorite.created_at, descending=True),
        SortKey(Favorite.product_id, descending=True),
    ]
    return statement, keys


# Products' reviews, newest first.
REVIEWS = ChildListing(
    select(ProductReview),
    ProductReview.product_id,
    [
        SortKey(ProductReview.created_at, descending=True),
        SortKey(ProductReview.id, descending=True),
    ],
)
