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

from graphql import FieldNode, SelectionSetNode

from router.planning.jumps import EntityJumps, Fields
from router.planning.plan import DeferredPart, Fetch
from router.planning.reachability import Provided
from router.planning.selection import TYPENAME, DeferredFragment, SelectionTree
from router.supergraph import OBJECT


@dataclass
class DeferredPosition:
    """A deferred fragment met while walking, planned once the walk is done."""

    fragment: DeferredFragment
    fetch: Fetch  # the fetch that holds the objects at this position
    sel: SelectionTree
    type_name: str
    concrete: str
    path: tuple[str, ...]
    provided: Provided
    part: DeferredPart


class Deferral(EntityJumps):
    """Mixed into the plan builder (which provides the walking methods used here)."""

    defer: bool
    pending_defers: list[DeferredPosition]
    parts: dict[tuple[int, tuple[str, ...]], DeferredPart]

    # provided by the plan builder
    def _plan_position(
        self,
        fetch: Fetch,
        sel: SelectionTree,
        type_name: str,
        subs: list[SelectionSetNode],
        path: tuple[str, ...],
        provided: Provided,
        shared_by: list[str] | None = None,
    ) -> set[Fetch]:
        raise NotImplementedError

    def _assign(
        self,
        fetch: Fetch,
        concrete: str,
        pending: Fields,
        path: tuple[str, ...],
        provided: Provided,
    ) -> dict[str, Fields]:
        raise NotImplementedError

    def _choose_root_graphs(
        self, root_type: str, name: str, nodes: list[FieldNode], existing: dict[str, Fetch]
    ) -> dict[str, list[FieldNode]]:
        raise NotImplementedError

    # -- deferral -------------------------------------------------------------------------
    def _part(
        self, fragment: DeferredFragment, path: tuple[str, ...], type_name: str
    ) -> DeferredPart:
        """The part of a deferred fragment at a position (one per position, whatever
        concrete types it is planned for)."""
        index = (id(fragment.node), path)
        part = self.parts.get(index)
        if part is None:
            parent = next((p for p in self.parts.values() if p.id == self.scope), None)
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

    def _remember_defers(
        self,
        fetch: Fetch,
        sel: SelectionTree,
        type_name: str,
        concrete: str,
        subs: list[SelectionSetNode],
        path: tuple[str, ...],
        provided: Provided,
        in_fragment: bool = False,
    ) -> None:
        """Deferred fragments at this position are planned when the walk is done, so the
        plan of what is not deferred is the plan it would be without them. `in_fragment`:
        `sel` is an abstract position's, whose fragment on `concrete` gets the keys."""
        for fragment in self.collector.deferred(concrete, subs):
            if in_fragment:
                sel, in_fragment = sel.fragment(concrete), False
            part = self._part(fragment, path, type_name)
            if any(
                p.part is part and p.fetch is fetch and p.concrete == concrete
                for p in self.pending_defers
            ):
                continue  # this position was walked twice: plan it once
            self.pending_defers.append(
                DeferredPosition(fragment, fetch, sel, type_name, concrete, path, provided, part)
            )

    def _plan_pending_defers(self) -> None:
        while self.pending_defers:
            position = self.pending_defers.pop(0)
            previous, self.scope = self.scope, position.part.id
            try:
                self._plan_deferred(position)
            finally:
                self.scope = previous

    def _plan_deferred(self, position: DeferredPosition) -> None:
        fetch, sel, concrete, path = position.fetch, position.sel, position.concrete, position.path
        subs = [position.fragment.selection_set]
        if self.sg.kind(concrete) != OBJECT:
            # An interface held as such (@interfaceObject, no known implementations): its
            # fields come with the parent's fetch and are delivered apart all the same.
            self._plan_position(fetch, sel, position.type_name, subs, path, position.provided)
            return
        self._remember_defers(
            fetch, sel, position.type_name, concrete, subs, path, position.provided
        )
        fields = self.collector.collect(concrete, subs)
        fields.pop(TYPENAME, None)  # answered when the payload is shaped
        self._defer_fields(fetch, sel, concrete, fields, path, position.provided)

    def _defer_fields(
        self,
        fetch: Fetch,
        sel: SelectionTree,
        concrete: str,
        fields: Fields,
        path: tuple[str, ...],
        provided: Provided,
    ) -> None:
        """Every field through an entity fetch made after the parent's data is there: on the
        parent's own subgraph when it can look the object up by a key, else on another that
        resolves the field. A field no key leads to comes with the parent's fetch."""
        graph = fetch.graph
        reach = self.reach
        available = self._available(fetch, concrete, path)
        own_key = self._local_key(fetch, concrete, graph, path, provided) is not None
        same: Fields = {}
        elsewhere: Fields = {}
        inline: Fields = {}
        for key, nodes in fields.items():
            name = nodes[0].name.value
            if own_key and reach.route(concrete, name, graph) is not None:
                same[key] = nodes
            elif reach.fetchable_from(graph, concrete, name, provided, available):
                elsewhere[key] = nodes
            else:
                inline[key] = nodes
        if same:
            self._jump(fetch, sel, concrete, graph, same, path, provided)
        if elsewhere:
            for target, target_fields in self._assign(
                fetch, concrete, elsewhere, path, provided
            ).items():
                self._jump(fetch, sel, concrete, target, target_fields, path, provided)
        if inline:
            self._plan_object(fetch, sel, concrete, inline, path, provided)

    def _plan_root_deferred(
        self,
        root_type: str,
        op_type: str,
        subs: list[SelectionSetNode],
        parent: DeferredPart | None,
    ) -> None:
        """Deferred fragments on the query root: root fetches of their own."""
        for fragment in self.collector.deferred(root_type, subs):
            previous, self.scope = self.scope, parent.id if parent else 0
            part = self._part(fragment, (), root_type)
            self.scope = part.id
            try:
                inner = [fragment.selection_set]
                fetches: dict[str, Fetch] = {}
                for key, nodes in self.collector.collect(root_type, inner).items():
                    name = nodes[0].name.value
                    if name.startswith("__"):
                        # __typename is answered when shaped; introspection is answered
                        # for the initial response only (null in a deferred payload)
                        continue
                    for graph, nodes_part in self._choose_root_graphs(
                        root_type, name, nodes, fetches
                    ).items():
                        fetch = fetches.get(graph) or self._new_fetch(graph, op_type)
                        fetches[graph] = fetch
                        self._add_field(
                            fetch, fetch.selection, root_type, key, nodes_part, (), None
                        )
                self._plan_root_deferred(root_type, op_type, inner, part)
            finally:
                self.scope = previous
