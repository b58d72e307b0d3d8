"""The gig and order status machines, each one table of allowed transitions.

A transition names the statuses it leaves from, the status it leads to and who may take it.
Anything else is `INVALID_TRANSITION` (a wrong status) or `FORBIDDEN` (a wrong person).
"""

from __future__ import annotations

from dataclasses import dataclass

from subgraphs.freelance.codes import Code
from subgraphs.kit.errors import DomainError

SELLER, BUYER, MODERATOR = "seller", "buyer", "moderator"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    actors: frozenset[str]


def _t(sources: set[str], target: str, *actors: str) -> Transition:
    return Transition(frozenset(sources), target, frozenset(actors))


GIG_STATUSES = ("DRAFT", "PENDING_APPROVAL", "ACTIVE", "PAUSED", "ARCHIVED")
GIG_TRANSITIONS: dict[str, Transition] = {
    "submit": _t({"DRAFT"}, "PENDING_APPROVAL", SELLER),
    "approve": _t({"PENDING_APPROVAL"}, "ACTIVE", MODERATOR),
    "reject": _t({"PENDING_APPROVAL"}, "DRAFT", MODERATOR),
    "pause": _t({"ACTIVE"}, "PAUSED", SELLER),
    "resume": _t({"PAUSED"}, "ACTIVE", SELLER),
    "archive": _t({"DRAFT", "PENDING_APPROVAL", "ACTIVE", "PAUSED"}, "ARCHIVED", SELLER),
}

ORDER_STATUSES = ("PENDING", "IN_PROGRESS", "DELIVERED", "COMPLETED", "CANCELLED", "DISPUTED")
ORDER_TRANSITIONS: dict[str, Transition] = {
    "accept": _t({"PENDING"}, "IN_PROGRESS", SELLER),
    "deliver": _t({"IN_PROGRESS"}, "DELIVERED", SELLER),
    "request_revision": _t({"DELIVERED"}, "IN_PROGRESS", BUYER),
    "complete": _t({"DELIVERED"}, "COMPLETED", BUYER),
    "cancel": _t({"PENDING", "IN_PROGRESS"}, "CANCELLED", BUYER, SELLER),
    "open_dispute": _t({"IN_PROGRESS", "DELIVERED"}, "DISPUTED", BUYER, SELLER),
    "resolve_for_seller": _t({"DISPUTED"}, "COMPLETED", MODERATOR),
    "resolve_for_buyer": _t({"DISPUTED"}, "CANCELLED", MODERATOR),
}

# Gigs anyone may see; the seller and moderators see the others too.
PUBLIC_GIG_STATUSES = frozenset({"ACTIVE"})


def target_status(table: dict[str, Transition], action: str, current: str) -> str:
    """The status `action` leads to from `current`, or INVALID_TRANSITION."""
    transition = table[action]
    if current not in transition.sources:
        raise DomainError(
            Code.INVALID_TRANSITION,
            f"Cannot {action.replace('_', ' ')} when the status is {current}.",
            "status",
        )
    return transition.target


def may_take(table: dict[str, Transition], action: str, actors: set[str]) -> bool:
    return bool(table[action].actors & actors)
