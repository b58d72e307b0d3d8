"""The lists the API offers: (select, sort keys) for `kit.connections.paginate`, and the lists
under a parent as `ChildListing`s for `kit.child_pages`.

Each ordering is backed by an index of the migration; the last key is unique (the id) and runs
in the same direction as the others, so PostgreSQL can walk the index backwards.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, select

from subgraphs.freelance.models import (
    Dispute,
    DisputeStatus,
    Favorite,
    Gig,
    GigStatus,
    Order,
    OrderStatus,
    PortfolioItem,
    Proposal,
    ProposalStatus,
    Review,
)
from subgraphs.kit.child_pages import ChildListing
from subgraphs.kit.connections import SortKey

Listing = tuple[Select[Any], list[SortKey]]


def _newest(model: Any) -> list[SortKey]:
    """Newest first, by `created_at` and then the id."""
    return [SortKey(model.created_at, descending=True), SortKey(model.id, descending=True)]


# Lists under a parent (a gig's reviews, a user's gigs), batched by `kit.child_pages`.


def gigs_of_sellers(variant: tuple[bool, GigStatus | None]) -> ChildListing:
    """Variant: (include_hidden, status). Others than the seller see ACTIVE gigs only."""
    include_hidden, status = variant
    statement = select(Gig)
    if not include_hidden:
        statement = statement.where(Gig.status == GigStatus.ACTIVE)
    if status is not None:
        statement = statement.where(Gig.status == status)
    return ChildListing(statement, Gig.seller_id, _newest(Gig))


FAVORITE_GIGS = ChildListing(
    select(Gig).join(Favorite, Favorite.gig_id == Gig.id).where(Gig.status == GigStatus.ACTIVE),
    Favorite.user_id,
    [SortKey(Favorite.created_at, descending=True), SortKey(Gig.id, descending=True)],
)
PORTFOLIOS = ChildListing(select(PortfolioItem), PortfolioItem.owner_id, _newest(PortfolioItem))
REVIEWS_OF_GIGS = ChildListing(select(Review), Review.gig_id, _newest(Review))


def _newest_of(model: Any, *conditions: ColumnElement[bool] | None) -> Listing:
    """The rows of `model` meeting `conditions` (a None one is no condition), newest first."""
    statement = select(model).where(*(c for c in conditions if c is not None))
    return statement, _newest(model)


def orders_of(user_id: uuid.UUID, *, as_seller: bool, status: OrderStatus | None) -> Listing:
    party = Order.seller_id if as_seller else Order.buyer_id
    return _newest_of(Order, party == user_id, None if status is None else Order.status == status)


def disputes(status: DisputeStatus | None) -> Listing:
    return _newest_of(Dispute, None if status is None else Dispute.status == status)


def proposals_of(user_id: uuid.UUID, *, sent: bool, status: ProposalStatus | None) -> Listing:
    party = Proposal.seller_id if sent else Proposal.buyer_id
    in_status = None if status is None else Proposal.read_status == status
    return _newest_of(Proposal, party == user_id, in_status)
