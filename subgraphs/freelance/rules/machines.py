"""The gig and order status machines, each one table of allowed transitions.

A transition names the statuses it leaves from, the status it leads to and who may take it.
Anything else is `INVALID_TRANSITION` (a wrong status) or `FORBIDDEN` (a wrong person).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from subgraphs.freelance.codes import Code
from subgraphs.freelance.models import GigStatus, OrderStatus
from subgraphs.kit.errors import DomainError

SELLER, BUYER, MODERATOR = "seller", "buyer", "moderator"

S = TypeVar("S", bound=StrEnum)


@dataclass(frozen=True)
class Transition(Generic[S]):
    sources: frozenset[S]
    target: S
    actors: frozenset[str]


def _t(sources: set[S], target: S, *actors: str) -> Transition[S]:
    return Transition(frozenset(sources), target, frozenset(actors))


_GIG = GigStatus
GIG_TRANSITIONS: dict[str, Transition[GigStatus]] = {
    "submit": _t({_GIG.DRAFT}, _GIG.PENDING_APPROVAL, SELLER),
    "approve": _t({_GIG.PENDING_APPROVAL}, _GIG.ACTIVE, MODERATOR),
    "reject": _t({_GIG.PENDING_APPROVAL}, _GIG.DRAFT, MODERATOR),
    "pause": _t({_GIG.ACTIVE}, _GIG.PAUSED, SELLER),
    "resume": _t({_GIG.PAUSED}, _GIG.ACTIVE, SELLER),
    "archive": _t(
        {_GIG.DRAFT, _GIG.PENDING_APPROVAL, _GIG.ACTIVE, _GIG.PAUSED}, _GIG.ARCHIVED, SELLER
    ),
}

_ORDER = OrderStatus
ORDER_TRANSITIONS: dict[str, Transition[OrderStatus]] = {
    "accept": _t({_ORDER.PENDING}, _ORDER.IN_PROGRESS, SELLER),
    "deliver": _t({_ORDER.IN_PROGRESS}, _ORDER.DELIVERED, SELLER),
    "request_revision": _t({_ORDER.DELIVERED}, _ORDER.IN_PROGRESS, BUYER),
    "complete": _t({_ORDER.DELIVERED}, _ORDER.COMPLETED, BUYER),
    "cancel": _t({_ORDER.PENDING, _ORDER.IN_PROGRESS}, _ORDER.CANCELLED, BUYER, SELLER),
    "open_dispute": _t({_ORDER.IN_PROGRESS, _ORDER.DELIVERED}, _ORDER.DISPUTED, BUYER, SELLER),
    "resolve_for_seller": _t({_ORDER.DISPUTED}, _ORDER.COMPLETED, MODERATOR),
    "resolve_for_buyer": _t({_ORDER.DISPUTED}, _ORDER.CANCELLED, MODERATOR),
}

# Gigs anyone may see; the seller and moderators see the others too.
PUBLIC_GIG_STATUSES = frozenset({GigStatus.ACTIVE})


def target_status(table: dict[str, Transition[S]], action: str, current: str) -> S:
    """The status `action` leads to from `current`, or INVALID_TRANSITION."""
    transition = table[action]
    if current not in transition.sources:
        raise DomainError(
            Code.INVALID_TRANSITION,
            f"Cannot {action.replace('_', ' ')} when the status is {current}.",
            "status",
        )
    return transition.target


def may_take(table: dict[str, Transition[S]], action: str, actors: set[str]) -> bool:
    return bool(table[action].actors & actors)
