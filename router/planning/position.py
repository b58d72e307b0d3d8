"""Where the planner's walk is: the fetch being built and the place in it.

Every step of the walk (a field, an object, an entity jump, a deferred fragment) happens at a
position: the fetch that will resolve the fields, the selection inside that fetch the fields go
into, the data path of the objects there (`@` for each list level), and what `@provides`
covers below it. Positions are values: a step that goes deeper or into another fetch makes a
new one.

`Walk` is what the planner's collaborators (entity jumps, deferral) may ask of the walk they
serve; they hold it, never the planner's class.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from graphql import FieldNode, SelectionSetNode

from router.planning.plan import Fetch
from router.planning.reachability import Provided, Reachability
from router.planning.selection import FieldCollector, SelectionTree
from router.supergraph import Supergraph

# Fields to plan at a position, by canonical key (router.planning.selection.field_key).
Fields = dict[str, list[FieldNode]]


@dataclass(frozen=True, slots=True)
class Position:
    fetch: Fetch
    sel: SelectionTree  # in `fetch`'s selection, where fields planned here are added
    path: tuple[str, ...]
    provided: Provided = None  # what @provides covers below this position

    @property
    def graph(self) -> str:
        return self.fetch.graph

    def providing(self, provided: Provided) -> Position:
        """The same place, with other @provides coverage."""
        return Position(self.fetch, self.sel, self.path, provided)

    def into(self, sel: SelectionTree) -> Position:
        """The same objects, added to another selection of the fetch (a type's fragment)."""
        return Position(self.fetch, sel, self.path, self.provided)


class Walk(Protocol):
    sg: Supergraph
    reach: Reachability
    collector: FieldCollector
    scope: int  # the deferred part new fetches belong to (0: the initial response)

    def new_fetch(self, graph: str, op_type: str, path: tuple[str, ...] = ()) -> Fetch: ...

    def available(self, at: Position, concrete: str) -> frozenset[str]: ...

    def add_field(
        self, at: Position, view: str, key: str, nodes: list[FieldNode]
    ) -> set[Fetch]: ...

    def plan_position(
        self,
        at: Position,
        type_name: str,
        subs: list[SelectionSetNode],
        shared_by: list[str] | None = None,
    ) -> set[Fetch]: ...

    def plan_object(self, at: Position, concrete: str, fields: Fields) -> set[Fetch]: ...

    def assign(self, at: Position, concrete: str, pending: Fields) -> dict[str, Fields]: ...

    def choose_root_graphs(
        self, root_type: str, name: str, nodes: list[FieldNode], existing: Mapping[str, Fetch]
    ) -> dict[str, list[FieldNode]]: ...
