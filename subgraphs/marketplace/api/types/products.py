"""Products, their reviews and their sellers as GraphQL sees them: thin views over ORM rows;
relations go through loaders. The three refer to one another (a product's reviews, a review's
product, a seller's products), so they share this module rather than import one another."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import strawberry

from subgraphs.kit.connection_fields import connection_field
from subgraphs.kit.connections import Connection, Page, paginate
from subgraphs.kit.demand import assumed
from subgraphs.kit.ids import parse_uuid
from subgraphs.kit.info import loaders
from subgraphs.kit.payloads import FromRow, from_row
from subgraphs.kit.row_loaders import by_client_id
from subgraphs.kit.scalars import Money
from subgraphs.marketplace import models
from subgraphs.marketplace.api import Info, viewer
from subgraphs.marketplace.api.types.categories import ProductCategory
from subgraphs.marketplace.models import ProductCondition, ProductStatus
from subgraphs.marketplace.rules import listing
from subgraphs.marketplace.rules.products import Viewer
from subgraphs.marketplace.rules.validation import IMAGES_MAX, discount_percent

# The rules' and the model's enums, registered as GraphQL enums in place: annotate with them.
strawberry.enum(listing.ProductSort, description="How `products` are ordered.")
strawberry.enum(ProductStatus, description="DRAFT -> ACTIVE <-> SOLD; any -> ARCHIVED.")
strawberry.enum(ProductCondition)


@strawberry.type
class ProductImage(FromRow):
    id: strawberry.ID
    url: str
    caption: str | None
    position: int
    is_primary: bool


@strawberry.type
class ProductRating:
    average: float
    count: int


@strawberry.federation.type(keys=["id"], description="A person with an Agora account.")
class User:
    id: strawberry.ID

    @connection_field(description="Listed products: public ones, or all of them for yourself.")
    async def products(
        self, info: Info, page: Page, status: ProductStatus | None = None
    ) -> Connection[Product]:
        seller_id = parse_uuid(self.id) or uuid.UUID(int=0)  # a malformed id has no products
        me = viewer(info)
        # The first page is batched across users (e.g. in `_entities`).
        return await loaders(info).seller_products.connection(
            seller_id,
            (me.is_staff or me.user_id == seller_id, status),
            Product.from_row,
            page,
        )

    @connection_field(description="Your favorite products, newest first; null for others.")
    async def favorite_products(self, info: Info, page: Page) -> Connection[Product] | None:
        me = viewer(info)
        if me.user_id is None or str(me.user_id) != str(self.id):
            return None
        statement, keys = listing.favorite_products(me.user_id)
        return await paginate(info.context.db, statement, keys, Product.from_row, page)

    @classmethod
    async def resolve_reference(cls, id: strawberry.ID, **_: Any) -> User:
        return cls(id=id)


@strawberry.type
class ProductReview(FromRow):
    id: strawberry.ID
    rating: int
    comment: str
    pros: str | None
    cons: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    _author_id: strawberry.Private[uuid.UUID]
    _product_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    def author(self) -> User:
        return User(id=strawberry.ID(str(self._author_id)))

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        return Product.seen_by(
            viewer(info), await loaders(info).product_by_id.load(self._product_id)
        )


@strawberry.federation.type(keys=["id"], description="Goods a seller lists for sale.")
class Product:
    id: strawberry.ID
    slug: str
    title: str
    description: str
    price: Money
    old_price: Money | None
    discount_percent: int | None = strawberry.field(
        description="How much below `oldPrice` the price is, in whole percent."
    )
    condition: ProductCondition
    status: ProductStatus
    city: str
    quantity: int
    rating: ProductRating
    views_count: int
    created_at: dt.datetime
    updated_at: dt.datetime
    published_at: dt.datetime | None
    _seller_id: strawberry.Private[uuid.UUID]
    _category_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_row(cls, row: models.Product) -> Product:
        return from_row(
            cls,
            row,
            discount_percent=discount_percent(row.price, row.old_price),
            rating=ProductRating(average=float(row.rating_average), count=row.rating_count),
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID, **_: Any) -> Product | None:
        return cls.seen_by(viewer(info), await by_client_id(loaders(info).product_by_id, id))

    @classmethod
    def seen_by(cls, who: Viewer, row: models.Product | None) -> Product | None:
        """The product if `who` may see it (drafts and archived ones only their seller)."""
        return None if row is None or not who.sees(row) else cls.from_row(row)

    @strawberry.field
    def seller(self) -> User:
        return User(id=strawberry.ID(str(self._seller_id)))

    @strawberry.field
    async def category(self, info: Info) -> ProductCategory | None:
        return await ProductCategory.load(info, self._category_id)

    @strawberry.field(
        description="In display order; exactly one is primary when any exist.",
        directives=[assumed(IMAGES_MAX)],
    )
    async def images(self, info: Info) -> list[ProductImage]:
        rows = await loaders(info).images_by_product.load(uuid.UUID(self.id))
        return [ProductImage.from_row(row) for row in rows]

    @strawberry.field
    async def primary_image(self, info: Info) -> ProductImage | None:
        rows = await loaders(info).images_by_product.load(uuid.UUID(self.id))
        return next((ProductImage.from_row(row) for row in rows if row.is_primary), None)

    @strawberry.field(description="Whether the signed-in user has this product as a favorite.")
    async def is_favorite(self, info: Info) -> bool:
        me = viewer(info).user_id
        if me is None:
            return False
        return await loaders(info).is_favorite.load((me, uuid.UUID(self.id)))

    @connection_field(description="Newest first.")
    async def reviews(self, info: Info, page: Page) -> Connection[ProductReview]:
        # The first page is batched across the products of a page.
        return await loaders(info).reviews.connection(
            uuid.UUID(self.id), None, ProductReview.from_row, page
        )
