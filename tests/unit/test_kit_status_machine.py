"""kit.status_machine: actions lead from statuses to a status; the rest is the subgraph's error."""

from __future__ import annotations

import enum

import pytest

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.status_machine import StatusMachine, move


class Status(enum.Enum):
    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    SOLD = "SOLD"


def _refuse(action: str, current: Status) -> DomainError:
    return DomainError(Code.INVALID_TRANSITION, f"Cannot {action} a {current.value}.", "status")


D, A, S = Status.DRAFT, Status.ACTIVE, Status.SOLD
MACHINE: StatusMachine[str, Status, Status | None] = StatusMachine(
    {
        "publish": move({D}, A, "seller"),
        "sell": move({A}, S, "seller", "buyer"),
        "settle": move({A}, S, "moderator"),  # the same target by another action and person
        "delete": move({D}, None, "seller"),  # an action that leads nowhere
    },
    refuse=_refuse,
)


def test_an_action_leads_from_its_sources_to_its_target() -> None:
    assert MACHINE.target("publish", D) is A
    assert MACHINE.target("settle", A) is S
    assert MACHINE.target("delete", D) is None
    assert MACHINE.actions_from(A) == ["sell", "settle"]
    assert MACHINE.applies("sell", A) and not MACHINE.applies("sell", D)


def test_anything_else_is_the_subgraphs_error() -> None:
    with pytest.raises(DomainError) as raised:
        MACHINE.target("sell", D)
    error = raised.value
    assert (error.code, error.message, error.field) == (
        Code.INVALID_TRANSITION,
        "Cannot sell a DRAFT.",
        "status",
    )


def test_who_may_take_an_action() -> None:
    assert MACHINE.may_take("sell", {"buyer"})
    assert not MACHINE.may_take("settle", {"seller", "buyer"})
    assert MACHINE.may_take("settle", {"moderator"})
