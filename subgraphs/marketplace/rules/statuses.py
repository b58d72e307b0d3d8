"""The product status machine: one table of the transitions that exist.

DRAFT --publish--> ACTIVE --sell--> SOLD --restock--> ACTIVE; any but ARCHIVED --archive-->
ARCHIVED; only a DRAFT can be deleted. Anything else is INVALID_TRANSITION. The statuses
themselves are stored ones, so they live with the model (models.ProductStatus).
"""

from __future__ import annotations

import enum

from subgraphs.kit.errors import DomainError
from subgraphs.marketplace.codes import Code
from subgraphs.marketplace.models import ProductStatus


class Transition(enum.Enum):
    PUBLISH = "publish"
    SELL = "sell"
    RESTOCK = "restock"
    ARCHIVE = "archive"
    DELETE = "delete"


D, A, S, X = ProductStatus.DRAFT, ProductStatus.ACTIVE, ProductStatus.SOLD, ProductStatus.ARCHIVED

# transition -> (statuses it applies to, status it leads to; None: the product is deleted)
TRANSITIONS: dict[Transition, tuple[frozenset[ProductStatus], ProductStatus | None]] = {
    Transition.PUBLISH: (frozenset({D}), A),
    Transition.SELL: (frozenset({A}), S),
    Transition.RESTOCK: (frozenset({S}), A),
    Transition.ARCHIVE: (frozenset({D, A, S}), X),
    Transition.DELETE: (frozenset({D}), None),
}

# Who else than the seller sees a product in these states.
PUBLIC_STATUSES = frozenset({A, S})


def next_status(current: str, transition: Transition) -> ProductStatus | None:
    """The status after `transition`, or INVALID_TRANSITION when it does not apply."""
    sources, target = TRANSITIONS[transition]
    if ProductStatus(current) not in sources:
        raise DomainError(
            Code.INVALID_TRANSITION,
            f"A {current.lower()} product cannot be {_PAST[transition]}.",
        )
    return target


_PAST = {
    Transition.PUBLISH: "published",
    Transition.SELL: "marked sold",
    Transition.RESTOCK: "restocked",
    Transition.ARCHIVE: "archived",
    Transition.DELETE: "deleted (only drafts can be; archive it instead)",
}


def after_quantity_change(current: str, quantity: int) -> ProductStatus:
    """Reaching 0 sells an active product; stock coming back re-activates a sold one."""
    status = ProductStatus(current)
    if status is A and quantity == 0:
        return S
    if status is S and quantity > 0:
        return A
    return status
