"""Per-request DataLoaders of the marketplace: one SQL statement per batch of keys."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from subgraphs.kit.child_pages import ChildPages
from subgraphs.kit.database import Database
from subgraphs.kit.row_loaders import one_each, pair_exists, row_by, rows_by
from subgraphs.marketplace.models import (
    Favorite,
    Product,
    ProductCategory,
    ProductImage,
)
from subgraphs.marketplace.rules import listing


class MarketplaceLoaders:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.product_by_id = row_by(db, Product, Product.id)
        self.product_by_slug: DataLoader[str, Product | None] = DataLoader(self._products_by_slug)
        self.images_by_product = rows_by(
            db, ProductImage, ProductImage.product_id, ProductImage.position
        )
        self.category_by_id = row_by(db, ProductCategory, ProductCategory.id)
        self.children_by_category = rows_by(
            db, ProductCategory, ProductCategory.parent_id, ProductCategory.name, ProductCategory.id
        )
        # Keys are (user id, product id): is this product one of this user's favorites?
        self.is_favorite = pair_exists(db, Favorite.user_id, Favorite.product_id)
        # Connections under many parents: a product page asking for each product's reviews
        # costs one statement, not one per product (kit.child_pages).
        self.reviews = ChildPages.fixed(db, listing.REVIEWS)
        self.seller_products = ChildPages(db, listing.seller_products_of)

    async def _products_by_slug(self, slugs: Sequence[str]) -> list[Product | None]:
        rows = await one_each(self.db, Product, Product.slug, slugs)
        for row in rows:
            if row is not None:
                self.product_by_id.prime(row.id, row)
        return rows
