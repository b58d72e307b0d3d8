"""Per-request DataLoaders of the marketplace: one SQL statement per batch of keys."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import select, tuple_
from sqlalchemy.orm import InstrumentedAttribute
from strawberry.dataloader import DataLoader

from subgraphs.kit.child_pages import ChildPages
from subgraphs.kit.database import Database
from subgraphs.kit.ids import parse_uuid
from subgraphs.marketplace.models import (
    Favorite,
    Product,
    ProductCategory,
    ProductImage,
)
from subgraphs.marketplace.rules import listing

RowT = TypeVar("RowT")


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
        # Connections under many parents: a product page asking for each product's reviews
        # costs one statement, not one per product (kit.child_pages).
        self.reviews = ChildPages.fixed(db, listing.REVIEWS)
        self.seller_products = ChildPages(db, listing.seller_products_of)

    async def _products(self, ids: Sequence[uuid.UUID]) -> list[Product | None]:
        return await self._one_each(Product, Product.id, ids)

    async def _products_by_slug(self, slugs: Sequence[str]) -> list[Product | None]:
        rows = await self._one_each(Product, Product.slug, slugs)
        for row in rows:
            if row is not None:
                self.product_by_id.prime(row.id, row)
        return rows

    async def _images(self, product_ids: Sequence[uuid.UUID]) -> list[list[ProductImage]]:
        order = (ProductImage.product_id, ProductImage.position)
        return await self._lists_of(ProductImage, ProductImage.product_id, order, product_ids)

    async def _categories(self, ids: Sequence[uuid.UUID]) -> list[ProductCategory | None]:
        return await self._one_each(ProductCategory, ProductCategory.id, ids)

    async def _children(self, parent_ids: Sequence[uuid.UUID]) -> list[list[ProductCategory]]:
        order = (ProductCategory.name, ProductCategory.id)
        return await self._lists_of(ProductCategory, ProductCategory.parent_id, order, parent_ids)

    async def _one_each(
        self, entity: type[RowT], column: InstrumentedAttribute[Any], keys: Sequence[Any]
    ) -> list[RowT | None]:
        """The row of `entity` whose unique `column` is each key (None for none), in one
        statement."""
        statement = select(entity).where(column.in_(keys))
        async with self.db.session() as session:
            rows = (await session.execute(statement)).scalars()
            found = {getattr(row, column.key): row for row in rows}
        return [found.get(key) for key in keys]

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
