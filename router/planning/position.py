"""Where the planner's walk is: the fetch being built and the place in it.

Every step of the walk (a field, an object, an entity jump, a deferred fragment) happens at a
position: the fetch that will resolve the fields, the selection inside that fetch the fields go
into, the data path of the objects there (`@` for each list level), and what `@provides`
covers below it. Positions are values: a step that goes deeper or into another fetch makes a
new one.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import FieldNode

from router.planning.plan import Fetch
from router.planning.reachability import Provided
from router.planning.selection import SelectionTree

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
