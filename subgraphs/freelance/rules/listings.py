"""The lists the API offers, as (select, sort keys) for `kit.connections.paginate`.

Each ordering is backed by an index of the migration; the last key is unique (the id) and runs
in the same direction as the others, so PostgreSQL can walk the index backwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Hashable, Sequence
from typing import Any, cast

from sqlalchemy import Select, select

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
from subgraphs.freelance.rules.proposals import effective_status
from subgraphs.kit.connections import SortKey

Listing = tuple[Select[Any], list[SortKey]]
# Lists under a parent (a gig's reviews, a user's gigs): see pages.ChildPages.
BatchListing = tuple[Select[Any], list[SortKey], Any]


def gigs_of_sellers(seller_ids: Sequence[uuid.UUID], variant: Hashable) -> BatchListing:
    """Variant: (include_hidden, status). Others than the seller see ACTIVE gigs only."""
    include_hidden, status = cast(tuple[bool, GigStatus | None], variant)
    statement = select(Gig).where(Gig.seller_id.in_(seller_ids))
    if not include_hidden:
        statement = statement.where(Gig.status == GigStatus.ACTIVE)
    if status is not None:
        statement = statement.where(Gig.status == status)
    return (
        statement,
        [SortKey(Gig.created_at, descending=True), SortKey(Gig.id, descending=True)],
        Gig.seller_id,
    )


def favorite_gigs_of(user_ids: Sequence[uuid.UUID], _: Hashable = None) -> BatchListing:
    statement = (
        select(Gig)
        .join(Favorite, Favorite.gig_id == Gig.id)
        .where(Favorite.user_id.in_(user_ids), Gig.status == GigStatus.ACTIVE)
    )
    keys = [SortKey(Favorite.created_at, descending=True), SortKey(Gig.id, descending=True)]
    return statement, keys, Favorite.user_id


def portfolios_of(owner_ids: Sequence[uuid.UUID], _: Hashable = None) -> BatchListing:
    statement = select(PortfolioItem).where(PortfolioItem.owner_id.in_(owner_ids))
    keys = [
        SortKey(PortfolioItem.created_at, descending=True),
        SortKey(PortfolioItem.id, descending=True),
    ]
    return statement, keys, PortfolioItem.owner_id


def reviews_of_gigs(gig_ids: Sequence[uuid.UUID], _: Hashable = None) -> BatchListing:
    statement = select(Review).where(Review.gig_id.in_(gig_ids))
    keys = [SortKey(Review.created_at, descending=True), SortKey(Review.id, descending=True)]
    return statement, keys, Review.gig_id


def orders_of(user_id: uuid.UUID, *, as_seller: bool, status: OrderStatus | None) -> Listing:
    party = Order.seller_id if as_seller else Order.buyer_id
    statement = select(Order).where(party == user_id)
    if status is not None:
        statement = statement.where(Order.status == status)
    return statement, [
        SortKey(Order.created_at, descending=True),
        SortKey(Order.id, descending=True),
    ]


def disputes(status: DisputeStatus | None) -> Listing:
    statement = select(Dispute)
    if status is not None:
        statement = statement.where(Dispute.status == status)
    return statement, [
        SortKey(Dispute.created_at, descending=True),
        SortKey(Dispute.id, descending=True),
    ]


def proposals_of(user_id: uuid.UUID, *, sent: bool, status: ProposalStatus | None) -> Listing:
    party = Proposal.seller_id if sent else Proposal.buyer_id
    statement = select(Proposal).where(party == user_id)
    if status is not None:
        statement = statement.where(effective_status() == status)
    return statement, [
        SortKey(Proposal.created_at, descending=True),
        SortKey(Proposal.id, descending=True),
    ]
