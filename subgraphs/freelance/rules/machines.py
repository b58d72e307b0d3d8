"""The gig and order status machines: one `kit.status_machine` table of actions each.

An action names the statuses it leaves from, the status it leads to and who may take it.
Anything else is `INVALID_TRANSITION` (a wrong status) or `FORBIDDEN` (a wrong person).
"""

from __future__ import annotations

from subgraphs.freelance.models import GigStatus, OrderStatus
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.status_machine import StatusMachine, move

SELLER, BUYER, MODERATOR = "seller", "buyer", "moderator"


def _invalid(action: str, current: str) -> DomainError:
    return DomainError(
        Code.INVALID_TRANSITION,
        f"Cannot {action.replace('_', ' ')} when the status is {current}.",
        "status",
    )


_GIG = GigStatus
GIG_MACHINE: StatusMachine[str, str, GigStatus] = StatusMachine(
    {
        "submit": move({_GIG.DRAFT}, _GIG.PENDING_APPROVAL, SELLER),
        "approve": move({_GIG.PENDING_APPROVAL}, _GIG.ACTIVE, MODERATOR),
        "reject": move({_GIG.PENDING_APPROVAL}, _GIG.DRAFT, MODERATOR),
        "pause": move({_GIG.ACTIVE}, _GIG.PAUSED, SELLER),
        "resume": move({_GIG.PAUSED}, _GIG.ACTIVE, SELLER),
        "archive": move(
            {_GIG.DRAFT, _GIG.PENDING_APPROVAL, _GIG.ACTIVE, _GIG.PAUSED}, _GIG.ARCHIVED, SELLER
        ),
    },
    refuse=_invalid,
)

_ORDER = OrderStatus
ORDER_MACHINE: StatusMachine[str, str, OrderStatus] = StatusMachine(
    {
        "accept": move({_ORDER.PENDING}, _ORDER.IN_PROGRESS, SELLER),
        "deliver": move({_ORDER.IN_PROGRESS}, _ORDER.DELIVERED, SELLER),
        "request_revision": move({_ORDER.DELIVERED}, _ORDER.IN_PROGRESS, BUYER),
        "complete": move({_ORDER.DELIVERED}, _ORDER.COMPLETED, BUYER),
        "cancel": move({_ORDER.PENDING, _ORDER.IN_PROGRESS}, _ORDER.CANCELLED, BUYER, SELLER),
        "open_dispute": move(
            {_ORDER.IN_PROGRESS, _ORDER.DELIVERED}, _ORDER.DISPUTED, BUYER, SELLER
        ),
        "resolve_for_seller": move({_ORDER.DISPUTED}, _ORDER.COMPLETED, MODERATOR),
        "resolve_for_buyer": move({_ORDER.DISPUTED}, _ORDER.CANCELLED, MODERATOR),
    },
    refuse=_invalid,
)

# Gigs anyone may see; the seller and moderators see the others too.
PUBLIC_GIG_STATUSES = frozenset({GigStatus.ACTIVE})
