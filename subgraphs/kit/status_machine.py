"""A status machine: the actions that exist, the statuses each leaves from, where it leads.

Both machines of the platform (freelance gigs and orders, marketplace products) are tables keyed
by the *action* (`submit`, `publish`, ...), not by the target status: two actions may lead to
the same status (`complete` and `resolve_for_seller` both end in COMPLETED) with different
people allowed to take them, and one action may lead nowhere (deleting a draft product: target
None). So a `Move` is (sources, target, actors) and a `StatusMachine` maps actions to moves.

An action that does not apply to the current status is a rule the user broke: `target` raises
the DomainError the subgraph's `refuse(action, current)` builds, so each subgraph keeps its own
code (`INVALID_TRANSITION`) and wording. Who may take an action is asked apart (`may_take`),
because subgraphs check people (FORBIDDEN) before statuses.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Set
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from subgraphs.kit.errors import DomainError

A = TypeVar("A", bound=Hashable)  # an action: a str or an enum member
S = TypeVar("S", bound=Hashable)  # a status
T = TypeVar("T")  # what an action leads to: S, or S | None where an action deletes


@dataclass(frozen=True)
class Move(Generic[S, T]):
    """One action: the statuses it leaves from, the one it leads to, who may take it."""

    sources: frozenset[S]
    target: T
    actors: frozenset[str] = field(default_factory=frozenset)


def move(sources: Iterable[S], target: T, *actors: str) -> Move[S, T]:
    return Move(frozenset(sources), target, frozenset(actors))


class StatusMachine(Generic[A, S, T]):
    def __init__(
        self, moves: Mapping[A, Move[S, T]], *, refuse: Callable[[A, S], DomainError]
    ) -> None:
        self.moves = dict(moves)
        self._refuse = refuse

    def applies(self, action: A, current: S) -> bool:
        return current in self.moves[action].sources

    def target(self, action: A, current: S) -> T:
        """Where `action` leads from `current`; the subgraph's DomainError when it can't."""
        if not self.applies(action, current):
            raise self._refuse(action, current)
        return self.moves[action].target

    def may_take(self, action: A, actors: Set[str]) -> bool:
        """Whether someone in these roles (seller, buyer, ...) may take `action`."""
        return bool(self.moves[action].actors & actors)

    def actions_from(self, current: S) -> list[A]:
        """The actions that apply to `current`, in the table's order."""
        return [action for action, step in self.moves.items() if current in step.sources]
