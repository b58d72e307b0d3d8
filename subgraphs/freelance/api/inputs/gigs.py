"""Input types of gigs: editing them, their packages, moderation, and the search filter."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api.types.gigs import PackageTier
from subgraphs.freelance.rules.search import GigSort
from subgraphs.kit.scalars import Money
from subgraphs.kit.update_inputs import update_input


@strawberry.input
class GigImageInput:
    url: str
    caption: str | None = None
    is_primary: bool = False


@strawberry.input
class CreateGigInput:
    title: str
    description: str
    category_id: strawberry.ID | None = None
    tags: list[str] = strawberry.field(default_factory=list)
    images: list[GigImageInput] = strawberry.field(default_factory=list)


@update_input(CreateGigInput)
class UpdateGigInput:
    gig_id: strawberry.ID


@strawberry.input
class GigPackageInput:
    tier: PackageTier
    name: str
    price: Money
    delivery_days: int
    description: str = ""
    revisions: int = 0
    features: list[str] = strawberry.field(default_factory=list)


@strawberry.input(description="Replaces every package of the gig.")
class SetGigPackagesInput:
    gig_id: strawberry.ID
    packages: list[GigPackageInput]


@strawberry.input
class RejectGigInput:
    gig_id: strawberry.ID
    reason: str


@strawberry.input
class GigFilterInput:
    category_id: strawberry.ID | None = None
    min_price: Money | None = None
    max_price: Money | None = None
    max_delivery_days: int | None = None
    min_rating: float | None = None
    seller_id: strawberry.ID | None = None


# The sorts of the search are the GraphQL enum: exposed here, once, under the same name.
strawberry.enum(GigSort)
