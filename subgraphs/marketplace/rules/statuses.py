"""The product status machine: one table of the transitions that exist (kit.status_machine).

DRAFT --publish--> ACTIVE --sell--> SOLD --restock--> ACTIVE; any but ARCHIVED --archive-->
ARCHIVED; only a DRAFT can be deleted. Anything else is INVALID_TRANSITION. The statuses
themselves are stored ones, so they live with the model (models.ProductStatus).
"""

from __future__ import annotations

import enum

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.status_machine import StatusMachine, move
from subgraphs.marketplace.models import ProductStatus


class Transition(enum.Enum):
    PUBLISH = "publish"
    SELL = "sell"
    RESTOCK = "restock"
    ARCHIVE = "archive"
    DELETE = "delete"


D, A, S, X = ProductStatus.DRAFT, ProductStatus.ACTIVE, ProductStatus.SOLD, ProductStatus.ARCHIVED

_PAST = {
    Transition.PUBLISH: "published",
    Transition.SELL: "marked sold",
    Transition.RESTOCK: "restocked",
    Transition.ARCHIVE: "archived",
    Transition.DELETE: "deleted (only drafts can be; archive it instead)",
}


def _refuse(step: Transition, current: ProductStatus) -> DomainError:
    return DomainError(
        Code.INVALID_TRANSITION, f"A {current.lower()} product cannot be {_PAST[step]}."
    )


# No actors: the seller check is `own_product`. DELETE leads to None: the product goes.
PRODUCT_MACHINE: StatusMachine[Transition, ProductStatus, ProductStatus | None] = StatusMachine(
    {
        Transition.PUBLISH: move({D}, A),
        Transition.SELL: move({A}, S),
        Transition.RESTOCK: move({S}, A),
        Transition.ARCHIVE: move({D, A, S}, X),
        Transition.DELETE: move({D}, None),
    },
    refuse=_refuse,
)

# Who else than the seller sees a product in these states.
PUBLIC_STATUSES = frozenset({A, S})


def after_quantity_change(current: str, quantity: int) -> ProductStatus:
    """Reaching 0 sells an active product; stock coming back re-activates a sold one."""
    status = ProductStatus(current)
    if status is A and quantity == 0:
        return S
    if status is S and quantity > 0:
        return A
    return status
