"""Strawberry types of the catalogue: gigs, packages, reviews, portfolio items, and User.

`User` is owned by the users subgraph; here it is a stub keyed by `id` with the fields this
subgraph adds. Fields crossing a relation load through the request's DataLoaders. These types
refer to one another both ways (a gig's seller and reviews, a user's gigs and portfolio, a
review's gig), so they share a module rather than import one another round about.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any, Self

import strawberry

from subgraphs.freelance import models
from subgraphs.freelance.api import Info, viewer
from subgraphs.freelance.api.types.categories import GigCategory
from subgraphs.freelance.models import GigStatus
from subgraphs.freelance.rules import portfolio
from subgraphs.freelance.rules.gigs import MAX_FEATURES, MAX_IMAGES, can_see
from subgraphs.freelance.rules.validation import MAX_TAGS
from subgraphs.kit.connection_fields import connection_field
from subgraphs.kit.connections import Connection, Page
from subgraphs.kit.demand import assumed
from subgraphs.kit.errors import Forbidden
from subgraphs.kit.ids import parse_uuid
from subgraphs.kit.info import loaders
from subgraphs.kit.payloads import FromRow, from_row
from subgraphs.kit.row_loaders import by_client_id
from subgraphs.kit.scalars import Money

# The stored statuses are the GraphQL enums: exposed here, once, under the same name.
strawberry.enum(GigStatus)


@strawberry.enum
class PackageTier(enum.Enum):
    BASIC = "BASIC"
    STANDARD = "STANDARD"
    PREMIUM = "PREMIUM"


class RowBacked:
    """An object type that keeps its row (`_row`) for the fields that read more of it; built by
    `from_row`, which copies the same-named columns (`kit.payloads.from_row`)."""

    @classmethod
    def from_row(cls, row: Any) -> Self:
        return from_row(cls, row, _row=row)


def user_field(column: str) -> Any:
    """A `User` field of a type backed by a row (`_row`): the user whose id is in `column`."""

    def resolve(root: Any) -> User:
        return User.of(getattr(root._row, column))

    return strawberry.field(resolver=resolve)


@strawberry.type(description="An average of 1-5 ratings and how many there are.")
class GigRating:
    average: float
    count: int


@strawberry.type
class GigPackage(FromRow):
    id: strawberry.ID
    tier: PackageTier
    name: str
    description: str
    price: Money
    delivery_days: int
    revisions: int
    features: list[str] = strawberry.field(directives=[assumed(MAX_FEATURES)])


@strawberry.type
class GigImage:
    url: str
    caption: str | None
    is_primary: bool
    position: int


@strawberry.type
class Review(RowBacked):
    id: strawberry.ID
    rating: int
    comment: str
    communication: int | None
    quality: int | None
    delivery: int | None
    reply: str | None
    replied_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    _row: strawberry.Private[models.Review]
    buyer: User = user_field("buyer_id")
    seller: User = user_field("seller_id")

    @strawberry.field
    async def gig(self, info: Info) -> Gig | None:
        return await visible_gig(info, await loaders(info).gig_by_id.load(self._row.gig_id))


@strawberry.federation.type(keys=["id"], description="A service a freelancer sells.")
class Gig(RowBacked):
    id: strawberry.ID
    slug: str
    title: str
    description: str
    status: GigStatus
    tags: list[str] = strawberry.field(directives=[assumed(MAX_TAGS)])
    orders_count: int
    views_count: int
    min_price: Money | None
    created_at: dt.datetime
    updated_at: dt.datetime
    _row: strawberry.Private[models.Gig]
    seller: User = user_field("seller_id")

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID, **_: Any) -> Gig | None:
        row = await by_client_id(loaders(info).gig_by_id, id)
        return await visible_gig(info, row)

    @strawberry.field
    def rating(self) -> GigRating:
        return GigRating(average=float(self._row.rating_average), count=self._row.rating_count)

    @strawberry.field(description="Why a moderator sent it back; the seller and moderators only.")
    def rejection_reason(self, info: Info) -> str | None:
        who = viewer(info)
        return (
            self._row.rejection_reason if who.is_moderator or who.is_(self._row.seller_id) else None
        )

    @strawberry.field
    async def category(self, info: Info) -> GigCategory | None:
        return await GigCategory.load(info, self._row.category_id)

    @strawberry.field(description="Cheapest first.", directives=[assumed(len(PackageTier))])
    async def packages(self, info: Info) -> list[GigPackage]:
        rows = await loaders(info).packages_by_gig.load(self._row.id)
        return [GigPackage.from_row(row) for row in rows]

    @strawberry.field(directives=[assumed(MAX_IMAGES)])
    async def images(self, info: Info) -> list[GigImage]:
        rows = await loaders(info).images_by_gig.load(self._row.id)
        return [from_row(GigImage, row) for row in rows]

    @strawberry.field(description="Whether the signed-in user saved this gig.")
    async def is_favorite(self, info: Info) -> bool:
        who = viewer(info)
        if who.user_id is None:
            return False
        return await loaders(info).is_favorite.load((who.user_id, self._row.id))

    @connection_field(description="Newest first.")
    async def reviews(self, info: Info, page: Page) -> Connection[Review]:
        return await loaders(info).gig_reviews.connection(self._row.id, None, Review.from_row, page)


async def visible_gig(info: Info, row: models.Gig | None) -> Gig | None:
    """The gig if the viewer may see it: anyone for ACTIVE, the seller and moderators always."""
    if row is None:
        return None
    who = viewer(info)
    return Gig.from_row(row) if can_see(row, who.user_id, who.is_moderator) else None


@strawberry.type
class PortfolioImage:
    url: str
    caption: str | None
    position: int


@strawberry.type
class PortfolioItem(RowBacked):
    id: strawberry.ID
    title: str
    description: str
    project_url: str | None
    technologies: list[str] = strawberry.field(directives=[assumed(portfolio.MAX_TECHNOLOGIES)])
    completed_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    _row: strawberry.Private[models.PortfolioItem]
    owner: User = user_field("owner_id")

    @strawberry.field(directives=[assumed(portfolio.MAX_IMAGES)])
    async def images(self, info: Info) -> list[PortfolioImage]:
        rows = await loaders(info).images_by_portfolio_item.load(self._row.id)
        return [from_row(PortfolioImage, row) for row in rows]

    @strawberry.field
    async def category(self, info: Info) -> GigCategory | None:
        return await GigCategory.load(info, self._row.category_id)


def _user_uuid(user_id: strawberry.ID) -> uuid.UUID:
    parsed = parse_uuid(user_id)
    # Unknown to us means nothing here: an id that is not a UUID owns nothing.
    return parsed if parsed is not None else uuid.UUID(int=0)


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID

    @classmethod
    def of(cls, user_id: uuid.UUID) -> User:
        return cls(id=strawberry.ID(str(user_id)))

    @connection_field(description="Newest first; others see ACTIVE gigs only.")
    async def gigs(
        self, info: Info, page: Page, status: GigStatus | None = None
    ) -> Connection[Gig]:
        owner = _user_uuid(self.id)
        who = viewer(info)
        variant = (who.is_(owner) or who.is_moderator, status)
        return await loaders(info).seller_gigs.connection(owner, variant, Gig.from_row, page)

    @connection_field(description="Newest first.")
    async def portfolio(self, info: Info, page: Page) -> Connection[PortfolioItem]:
        return await loaders(info).portfolios.connection(
            _user_uuid(self.id), None, PortfolioItem.from_row, page
        )

    @strawberry.field(description="Over every review of this user's gigs.")
    async def freelancer_rating(self, info: Info) -> GigRating:
        summary = await loaders(info).seller_rating.load(_user_uuid(self.id))
        return GigRating(average=float(summary.average), count=summary.count)

    @connection_field(description="The user's saved gigs, newest first; visible to them only.")
    async def favorite_gigs(self, info: Info, page: Page) -> Connection[Gig]:
        owner = _user_uuid(self.id)
        if not viewer(info).is_(owner):
            raise Forbidden("Favorites are private.")
        return await loaders(info).favorite_gigs.connection(owner, None, Gig.from_row, page)
