"""Per-request DataLoaders of the marketplace: one SQL statement per batch of keys."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import select, tuple_
from sqlalchemy.orm import InstrumentedAttribute
from strawberry.dataloader import DataLoader

from subgraphs.kit.database import Database
from subgraphs.kit.ids import parse_uuid
from subgraphs.marketplace.models import (
    Favorite,
    Product,
    ProductCategory,
    ProductImage,
    ProductReview,
    ProductStatus,
)
from subgraphs.marketplace.rules import listing
from subgraphs.marketplace.rules.pages import FirstPage, counts_by_parent, first_pages

RowT = TypeVar("RowT")

# (seller id, whether the caller sees every status, the status asked for)
SellerList = tuple[uuid.UUID, bool, ProductStatus | None]
# The kind of a seller's list: (whether the caller sees every status, the status asked for)
SellerKind = tuple[bool, ProductStatus | None]


class MarketplaceLoaders:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.product_by_id: DataLoader[uuid.UUID, Product | None] = DataLoader(self._products)
        self.product_by_slug: DataLoader[str, Product | None] = DataLoader(self._products_by_slug)
        self.images_by_product: DataLoader[uuid.UUID, list[ProductImage]] = DataLoader(self._images)
        self.category_by_id: DataLoader[uuid.UUID, ProductCategory | None] = DataLoader(
            self._categories
        )
        self.children_by_category: DataLoader[uuid.UUID, list[ProductCategory]] = DataLoader(
            self._children
        )
        # Keys are (user id, product id): is this product one of this user's favorites?
        self.is_favorite: DataLoader[tuple[uuid.UUID, uuid.UUID], bool] = DataLoader(
            self._favorites
        )
        # First pages of per-parent lists, keyed by (parent, page size): a product page asking
        # for each product's reviews costs one statement, not one per product.
        self.review_pages: DataLoader[tuple[uuid.UUID, int], FirstPage] = DataLoader(
            self._review_pages
        )
        self.review_counts: DataLoader[uuid.UUID, int] = DataLoader(self._review_counts)
        self.seller_pages: DataLoader[tuple[SellerList, int], FirstPage] = DataLoader(
            self._seller_pages
        )
        self.seller_counts: DataLoader[SellerList, int] = DataLoader(self._seller_counts)

    async def _products(self, ids: Sequence[uuid.UUID]) -> list[Product | None]:
        async with self.db.session() as session:
            rows = (await session.execute(select(Product).where(Product.id.in_(ids)))).scalars()
            found = {row.id: row for row in rows}
        return [found.get(key) for key in ids]

    async def _products_by_slug(self, slugs: Sequence[str]) -> list[Product | None]:
        async with self.db.session() as session:
            statement = select(Product).where(Product.slug.in_(slugs))
            found = {row.slug: row for row in (await session.execute(statement)).scalars()}
        for row in found.values():
            self.product_by_id.prime(row.id, row)
        return [found.get(key) for key in slugs]

    async def _images(self, product_ids: Sequence[uuid.UUID]) -> list[list[ProductImage]]:
        order = (ProductImage.product_id, ProductImage.position)
        return await self._lists_of(ProductImage, ProductImage.product_id, order, product_ids)

    async def _categories(self, ids: Sequence[uuid.UUID]) -> list[ProductCategory | None]:
        statement = select(ProductCategory).where(ProductCategory.id.in_(ids))
        async with self.db.session() as session:
            found = {row.id: row for row in (await session.execute(statement)).scalars()}
        return [found.get(key) for key in ids]

    async def _children(self, parent_ids: Sequence[uuid.UUID]) -> list[list[ProductCategory]]:
        order = (ProductCategory.name, ProductCategory.id)
        return await self._lists_of(ProductCategory, ProductCategory.parent_id, order, parent_ids)

    async def _lists_of(
        self,
        entity: type[RowT],
        parent: InstrumentedAttribute[Any],
        order: Sequence[InstrumentedAttribute[Any]],
        parent_ids: Sequence[uuid.UUID],
    ) -> list[list[RowT]]:
        """Each parent's rows of `entity` (by their `parent` column) in `order`, in one statement;
        a parent with none has an empty list."""
        statement = select(entity).where(parent.in_(parent_ids)).order_by(*order)
        grouped: dict[uuid.UUID, list[RowT]] = defaultdict(list)
        async with self.db.session() as session:
            for row in (await session.execute(statement)).scalars():
                grouped[getattr(row, parent.key)].append(row)
        return [grouped.get(key, []) for key in parent_ids]

    async def _favorites(self, keys: Sequence[tuple[uuid.UUID, uuid.UUID]]) -> list[bool]:
        statement = select(Favorite.user_id, Favorite.product_id).where(
            tuple_(Favorite.user_id, Favorite.product_id).in_(list(keys))
        )
        async with self.db.session() as session:
            found = {(row.user_id, row.product_id) for row in await session.execute(statement)}
        return [key in found for key in keys]

    async def _review_pages(self, keys: Sequence[tuple[uuid.UUID, int]]) -> list[FirstPage]:
        statement, sort = listing.reviews_of_all()
        parents = list({parent for parent, _ in keys})
        limit = max(size for _, size in keys)
        pages = await first_pages(
            self.db, statement, ProductReview.product_id, parents, sort, limit
        )
        return [pages[parent].cut(size) for parent, size in keys]

    async def _review_counts(self, product_ids: Sequence[uuid.UUID]) -> list[int]:
        statement, _ = listing.reviews_of_all()
        counts = await counts_by_parent(self.db, statement, ProductReview.product_id, product_ids)
        return [counts[key] for key in product_ids]

    async def _seller_pages(self, keys: Sequence[tuple[SellerList, int]]) -> list[FirstPage]:
        # One statement per kind of list (public / all, status) in the batch: usually one.
        found: dict[tuple[SellerList, int], FirstPage] = {}
        for (sees_all, status), group in _group_by_kind([key for key, _ in keys]).items():
            statement, sort = listing.seller_products_of_all(sees_all=sees_all, status=status)
            sizes = [size for key, size in keys if key in group]
            pages = await first_pages(
                self.db, statement, Product.seller_id, [k[0] for k in group], sort, max(sizes)
            )
            for key, size in keys:
                if key in group:
                    found[key, size] = pages[key[0]].cut(size)
        return [found[key] for key in keys]

    async def _seller_counts(self, keys: Sequence[SellerList]) -> list[int]:
        found: dict[SellerList, int] = {}
        for (sees_all, status), group in _group_by_kind(keys).items():
            statement, _ = listing.seller_products_of_all(sees_all=sees_all, status=status)
            counts = await counts_by_parent(
                self.db, statement, Product.seller_id, [key[0] for key in group]
            )
            found.update({key: counts[key[0]] for key in group})
        return [found[key] for key in keys]

    def prime_tree(self, categories: Sequence[ProductCategory]) -> None:
        """The whole tree was read in one statement: answer parents and children from it."""
        children: dict[uuid.UUID, list[ProductCategory]] = {row.id: [] for row in categories}
        for row in categories:
            self.category_by_id.prime(row.id, row)
            if row.parent_id is not None and row.parent_id in children:
                children[row.parent_id].append(row)
        for parent_id, rows in children.items():
            self.children_by_category.prime(parent_id, rows)

    async def product(self, product_id: object) -> Product | None:
        parsed = parse_uuid(product_id)
        return None if parsed is None else await self.product_by_id.load(parsed)


def _group_by_kind(
    keys: Sequence[SellerList],
) -> dict[tuple[bool, ProductStatus | None], list[SellerList]]:
    groups: dict[tuple[bool, ProductStatus | None], list[SellerList]] = defaultdict(list)
    for key in dict.fromkeys(keys):
        groups[key[1], key[2]].append(key)
    return groups
