"""Deferred fragments (`@defer`): each becomes a part of the plan with fetches of its own.

While the planner walks the operation, a deferring fragment is only remembered with its
position (the fetch holding the objects there); once the walk is done, so that the rest is
planned exactly as without it, each is planned in its own scope: its fields through entity
fetches made after the objects are there (on the parent's own subgraph by key, else on a
subgraph that resolves them), a field no key reaches with the parent's fetch (fetched early,
delivered apart all the same). A fragment on the query root gets root fetches of its own.
Fetches remember their part (`Fetch.defer`): they never merge with another part's.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import SelectionSetNode

from router.planning.jumps import EntityJumps
from router.planning.plan import DeferredPart, Fetch
from router.planning.position import Fields, Position, Walk
from router.planning.selection import TYPENAME, DeferredFragment
from router.supergraph import OBJECT


@dataclass
class DeferredPosition:
    """A deferred fragment met while walking, planned once the walk is done."""

    fragment: DeferredFragment
    at: Position  # its fetch holds the objects at this position
    type_name: str
    concrete: str
    part: DeferredPart


class Deferral:
    """The deferred parts of one plan: a collaborator of the plan builder, which tells it the
    deferring fragments it meets (`remember`) and has it plan them when the walk is done."""

    def __init__(self, walk: Walk, jumps: EntityJumps) -> None:
        self.walk = walk
        self.jumps = jumps
        self.sg = walk.sg
        self.reach = walk.reach
        self.collector = walk.collector
        # Positions met and not planned yet, and every part by (fragment, path).
        self.pending: list[DeferredPosition] = []
        self.parts: dict[tuple[int, tuple[str, ...]], DeferredPart] = {}

    def _part(
        self, fragment: DeferredFragment, path: tuple[str, ...], type_name: str
    ) -> DeferredPart:
        """The part of a deferred fragment at a position (one per position, whatever
        concrete types it is planned for)."""
        index = (id(fragment.node), path)
        part = self.parts.get(index)
        if part is None:
            scope = self.walk.scope
            parent = next((p for p in self.parts.values() if p.id == scope), None)
            part = DeferredPart(
                id=len(self.parts) + 1,
                label=fragment.label,
                path=path,
                type_name=type_name,
                type_condition=fragment.type_condition,
                selection_set=fragment.selection_set,
                parent=parent,
            )
            if parent is not None:
                parent.children.append(part)
            self.parts[index] = part
        return part

    def remember(
        self,
        at: Position,
        type_name: str,
        concrete: str,
        subs: list[SelectionSetNode],
        in_fragment: bool = False,
    ) -> None:
        """Deferred fragments at this position are planned when the walk is done, so the
        plan of what is not deferred is the plan it would be without them. `in_fragment`:
        `at.sel` is an abstract position's, whose fragment on `concrete` gets the keys."""
        for fragment in self.collector.deferred(concrete, subs):
            if in_fragment:
                at, in_fragment = at.into(at.sel.fragment(concrete)), False
            part = self._part(fragment, at.path, type_name)
            if any(
                p.part is part and p.at.fetch is at.fetch and p.concrete == concrete
                for p in self.pending
            ):
                continue  # this position was walked twice: plan it once
            self.pending.append(DeferredPosition(fragment, at, type_name, concrete, part))

    def plan_pending(self) -> None:
        walk = self.walk
        while self.pending:
            position = self.pending.pop(0)
            previous, walk.scope = walk.scope, position.part.id
            try:
                self._plan_deferred(position)
            finally:
                walk.scope = previous

    def _plan_deferred(self, position: DeferredPosition) -> None:
        at, concrete = position.at, position.concrete
        subs = [position.fragment.selection_set]
        if self.sg.kind(concrete) != OBJECT:
            # An interface held as such (@interfaceObject, no known implementations): its
            # fields come with the parent's fetch and are delivered apart all the same.
            self.walk.plan_position(at, position.type_name, subs)
            return
        self.remember(at, position.type_name, concrete, subs)
        fields = self.collector.collect(concrete, subs)
        fields.pop(TYPENAME, None)  # answered when the payload is shaped
        self._defer_fields(at, concrete, fields)

    def _defer_fields(self, at: Position, concrete: str, fields: Fields) -> None:
        """Every field through an entity fetch made after the parent's data is there: on the
        parent's own subgraph when it can look the object up by a key, else on another that
        resolves the field. A field no key leads to comes with the parent's fetch."""
        walk = self.walk
        jumps = self.jumps
        graph = at.graph
        reach = self.reach
        available = walk.available(at, concrete)
        own_key = jumps.local_key(at, concrete, graph) is not None
        same: Fields = {}
        elsewhere: Fields = {}
        inline: Fields = {}
        for key, nodes in fields.items():
            name = nodes[0].name.value
            if own_key and reach.route(concrete, name, graph) is not None:
                same[key] = nodes
            elif reach.fetchable_from(graph, concrete, name, at.provided, available):
                elsewhere[key] = nodes
            else:
                inline[key] = nodes
        if same:
            jumps.jump(at, concrete, graph, same)
        if elsewhere:
            for target, target_fields in walk.assign(at, concrete, elsewhere).items():
                jumps.jump(at, concrete, target, target_fields)
        if inline:
            walk.plan_object(at, concrete, inline)

    def plan_root(
        self,
        root_type: str,
        op_type: str,
        subs: list[SelectionSetNode],
        parent: DeferredPart | None,
    ) -> None:
        """Deferred fragments on the query root: root fetches of their own."""
        walk = self.walk
        for fragment in self.collector.deferred(root_type, subs):
            previous, walk.scope = walk.scope, parent.id if parent else 0
            part = self._part(fragment, (), root_type)
            walk.scope = part.id
            try:
                inner = [fragment.selection_set]
                fetches: dict[str, Fetch] = {}
                for key, nodes in self.collector.collect(root_type, inner).items():
                    name = nodes[0].name.value
                    if name.startswith("__"):
                        # __typename is answered when shaped; introspection is answered
                        # for the initial response only (null in a deferred payload)
                        continue
                    for graph, nodes_part in walk.choose_root_graphs(
                        root_type, name, nodes, fetches
                    ).items():
                        fetch = fetches.get(graph) or walk.new_fetch(graph, op_type)
                        fetches[graph] = fetch
                        root = Position(fetch, fetch.selection, ())
                        walk.add_field(root, root_type, key, nodes_part)
                self.plan_root(root_type, op_type, inner, part)
            finally:
                walk.scope = previous
