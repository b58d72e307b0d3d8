"""GraphQL input types of the freelance subgraph (one `input` argument per mutation)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from subgraphs.freelance.gig_types import PackageTier
from subgraphs.freelance.order_types import DisputeWinner
from subgraphs.kit.scalars import Money

UNSET = strawberry.UNSET


def sent_fields(value: object, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of an input the client actually sent (partial updates leave the rest)."""
    return {
        name: field
        for name, field in vars(value).items()
        if field is not UNSET and name not in skip
    }


@strawberry.input
class CreateGigCategoryInput:
    name: str
    icon: str | None = None
    parent_id: strawberry.ID | None = None


@strawberry.input(description="Fields left out keep their value.")
class UpdateGigCategoryInput:
    id: strawberry.ID
    name: str | None = UNSET
    icon: str | None = UNSET
    parent_id: strawberry.ID | None = UNSET


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


@strawberry.input(description="Fields left out keep their value.")
class UpdateGigInput:
    gig_id: strawberry.ID
    title: str | None = UNSET
    description: str | None = UNSET
    category_id: strawberry.ID | None = UNSET
    tags: list[str] | None = UNSET
    images: list[GigImageInput] | None = UNSET


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


@strawberry.input
class PlaceOrderInput:
    gig_id: strawberry.ID
    tier: PackageTier
    requirements: str = ""


@strawberry.input
class DeliverOrderInput:
    order_id: strawberry.ID
    message: str
    file_urls: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class CancelOrderInput:
    order_id: strawberry.ID
    reason: str


@strawberry.input
class OpenDisputeInput:
    order_id: strawberry.ID
    reason: str


@strawberry.input
class PostDisputeMessageInput:
    dispute_id: strawberry.ID
    body: str


@strawberry.input
class ResolveDisputeInput:
    dispute_id: strawberry.ID
    winner: DisputeWinner
    resolution: str


@strawberry.input
class LeaveReviewInput:
    order_id: strawberry.ID
    rating: int
    comment: str
    communication: int | None = None
    quality: int | None = None
    delivery: int | None = None


@strawberry.input(description="Fields left out keep their value.")
class EditReviewInput:
    review_id: strawberry.ID
    rating: int | None = UNSET
    comment: str | None = UNSET
    communication: int | None = UNSET
    quality: int | None = UNSET
    delivery: int | None = UNSET


@strawberry.input
class ReplyToReviewInput:
    review_id: strawberry.ID
    body: str


@strawberry.input
class SendProposalInput:
    gig_id: strawberry.ID
    buyer_id: strawberry.ID
    title: str
    description: str
    price: Money
    delivery_days: int
    revisions: int = 0
    message: str | None = None


@strawberry.input
class PortfolioImageInput:
    url: str
    caption: str | None = None


@strawberry.input
class CreatePortfolioItemInput:
    title: str
    description: str
    project_url: str | None = None
    technologies: list[str] = strawberry.field(default_factory=list)
    completed_on: dt.date | None = None
    category_id: strawberry.ID | None = None
    images: list[PortfolioImageInput] = strawberry.field(default_factory=list)


@strawberry.input(description="Fields left out keep their value.")
class UpdatePortfolioItemInput:
    id: strawberry.ID
    title: str | None = UNSET
    description: str | None = UNSET
    project_url: str | None = UNSET
    technologies: list[str] | None = UNSET
    completed_on: dt.date | None = UNSET
    category_id: strawberry.ID | None = UNSET
    images: list[PortfolioImageInput] | None = UNSET
