"""The lists the API offers, as (select, sort keys) for `kit.connections.paginate`.

Each ordering is backed by an index of the migration; the last key is unique (the id).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, select

from subgraphs.freelance.models import (
    Dispute,
    Favorite,
    Gig,
    Order,
    PortfolioItem,
    Proposal,
    Review,
)
from subgraphs.freelance.proposals import effective_status
from subgraphs.kit.connections import SortKey

Listing = tuple[Select[Any], list[SortKey]]


def gigs_of_seller(seller_id: uuid.UUID, *, include_hidden: bool, status: str | None) -> Listing:
    statement = select(Gig).where(Gig.seller_id == seller_id)
    if not include_hidden:
        statement = statement.where(Gig.status == "ACTIVE")
    if status is not None:
        statement = statement.where(Gig.status == status)
    return statement, [SortKey(Gig.created_at, descending=True), SortKey(Gig.id)]


def favorite_gigs(user_id: uuid.UUID) -> Listing:
    statement = (
        select(Gig)
        .join(Favorite, Favorite.gig_id == Gig.id)
        .where(Favorite.user_id == user_id, Gig.status == "ACTIVE")
    )
    return statement, [SortKey(Favorite.created_at, descending=True), SortKey(Gig.id)]


def portfolio_of(owner_id: uuid.UUID) -> Listing:
    statement = select(PortfolioItem).where(PortfolioItem.owner_id == owner_id)
    return statement, [
        SortKey(PortfolioItem.created_at, descending=True),
        SortKey(PortfolioItem.id),
    ]


def reviews_of_gig(gig_id: uuid.UUID) -> Listing:
    statement = select(Review).where(Review.gig_id == gig_id)
    return statement, [SortKey(Review.created_at, descending=True), SortKey(Review.id)]


def orders_of(user_id: uuid.UUID, *, as_seller: bool, status: str | None) -> Listing:
    party = Order.seller_id if as_seller else Order.buyer_id
    statement = select(Order).where(party == user_id)
    if status is not None:
        statement = statement.where(Order.status == status)
    return statement, [SortKey(Order.created_at, descending=True), SortKey(Order.id)]


def disputes(status: str | None) -> Listing:
    statement = select(Dispute)
    if status is not None:
        statement = statement.where(Dispute.status == status)
    return statement, [SortKey(Dispute.created_at, descending=True), SortKey(Dispute.id)]


def proposals_of(user_id: uuid.UUID, *, sent: bool, status: str | None) -> Listing:
    party = Proposal.seller_id if sent else Proposal.buyer_id
    statement = select(Proposal).where(party == user_id)
    if status is not None:
        statement = statement.where(effective_status() == status)
    return statement, [SortKey(Proposal.created_at, descending=True), SortKey(Proposal.id)]
