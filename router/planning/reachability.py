"""Which subgraph can get which field: the questions the planner asks before it commits.

"Local" means the current subgraph resolves the field in the same fetch (itself or via
`@provides`). "Fetchable" means another subgraph resolves it and an entity key leads
there from the current one. "Satisfiable" means a whole selection can be completed from a
position, possibly by splitting a field's selection over several subgraphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphql import FieldNode, SelectionSetNode

from router.planning.selection import TYPENAME, FieldCollector
from router.supergraph import OBJECT, Supergraph

Provided = list[SelectionSetNode] | None
SATISFY_DEPTH = 5
KEY_DEPTH = 2


def subs_of(nodes: Iterable[FieldNode]) -> list[SelectionSetNode]:
    return [n.selection_set for n in nodes if n.selection_set is not None]


def with_selections(nodes: list[FieldNode], selections: list[Any]) -> FieldNode:
    """A copy of a field restricted to part of its sub-selection (for split fields)."""
    node = nodes[0]
    return FieldNode(
        alias=node.alias,
        name=node.name,
        arguments=node.arguments,
        directives=(),
        selection_set=SelectionSetNode(selections=tuple(selections)),
    )


class Reachability:
    def __init__(self, supergraph: Supergraph, collector: FieldCollector) -> None:
        self.sg = supergraph
        self.collector = collector
        self._satisfiable_cache: dict[Any, tuple[bool, Any, Any]] = {}

    # -- where a field lives -------------------------------------------------------------
    def view(self, concrete: str, graph: str) -> str:
        """The type holding `concrete`'s fields in `graph` (itself or an interface object)."""
        if concrete in self.sg.types and graph in self.sg.types[concrete].joins:
            return concrete
        for interface, owner in self.sg.interface_objects_for(concrete):
            if owner == graph:
                return interface
        return concrete

    def route(self, concrete: str, name: str, graph: str) -> tuple[str, str] | None:
        """(representation typename, type as `graph` sees it) to reach `concrete.name`."""
        sg = self.sg
        if sg.resolves(concrete, name, graph) and sg.entity_keys(concrete, graph):
            return concrete, concrete
        for interface, owner in sg.interface_objects_for(concrete):
            if (
                owner == graph
                and sg.resolves(interface, name, graph)
                and sg.entity_keys(interface, graph)
            ):
                return interface, interface
        return None

    def is_local(self, graph: str, view: str, concrete: str, name: str, provided: Provided) -> bool:
        join = self.sg.field_join(view, name, graph)
        if join is None or join.requires is not None:
            return False
        if self.sg.resolves(view, name, graph):
            return True
        if provided:
            return any(
                nodes[0].name.value == name
                for nodes in self.collector.collect(concrete, provided).values()
            )
        return False

    def provided_child(self, provided: Provided, concrete: str, name: str) -> Provided:
        if not provided:
            return None
        children: list[SelectionSetNode] = []
        for nodes in self.collector.collect(concrete, provided).values():
            if nodes[0].name.value == name:
                children.extend(subs_of(nodes))
        return children or None

    def child_provided(
        self, graph: str, view: str, concrete: str, name: str, provided: Provided
    ) -> Provided:
        """What is provided below `name`: the parent's @provides plus the field's own."""
        child = self.provided_child(provided, concrete, name)
        join = self.sg.field_join(view, name, graph)
        if join is not None and join.provides is not None:
            child = [*(child or []), join.provides]
        return child

    def fetchable_from(
        self,
        graph: str,
        concrete: str,
        name: str,
        provided: Provided,
        available: frozenset[str],
        depth: int = KEY_DEPTH,
    ) -> list[str]:
        """Other subgraphs resolving `concrete.name`, reachable from `graph` by a key."""
        view = self.view(concrete, graph)
        found = []
        for target in self.sg.subgraphs:
            route = self.route(concrete, name, target)
            if route is None:
                continue
            if target == graph:
                join = self.sg.field_join(route[1], name, target)
                if join is None or join.requires is None:
                    continue
            for key in self.sg.entity_keys(route[0], target):
                if all(
                    self.key_field_obtainable(
                        graph, view, concrete, sel, provided, available, depth
                    )
                    for sel in key.selection.selections
                ):
                    found.append(target)
                    break
        return found

    def key_field_obtainable(
        self,
        graph: str,
        view: str,
        concrete: str,
        selection: Any,
        provided: Provided,
        available: frozenset[str],
        depth: int = KEY_DEPTH,
    ) -> bool:
        name = selection.name.value
        if name in available or self.is_local(graph, view, concrete, name, provided):
            return True
        return depth > 0 and bool(
            self.fetchable_from(graph, concrete, name, provided, available, depth - 1)
        )

    # -- can a selection be completed -------------------------------------------------------
    def satisfiable(
        self,
        graph: str,
        type_name: str,
        subs: list[SelectionSetNode],
        provided: Provided,
        depth: int = SATISFY_DEPTH,
    ) -> bool:
        """Can a fetch on `graph` at a `type_name` position get every selected field?"""
        if depth == 0 or not subs or not self.sg.is_composite(type_name):
            return True
        cache_key = (graph, type_name, tuple(map(id, subs)), tuple(map(id, provided or ())), depth)
        cached = self._satisfiable_cache.get(cache_key)
        if cached is not None:
            return cached[0]
        types = (
            [type_name]
            if self.sg.kind(type_name) == OBJECT
            else self.sg.possible_types_in(type_name, graph)
        )
        result = True
        for concrete in types:
            view = self.view(concrete, graph)
            for nodes in self.collector.collect(concrete, subs).values():
                if not self.field_satisfiable(graph, view, concrete, nodes, provided, depth):
                    result = False
                    break
            if not result:
                break
        # Keep the selection objects alive: the key holds their ids.
        self._satisfiable_cache[cache_key] = (result, subs, provided)
        return result

    def field_satisfiable(
        self,
        graph: str,
        view: str,
        concrete: str,
        nodes: list[FieldNode],
        provided: Provided,
        depth: int = SATISFY_DEPTH,
        available: frozenset[str] = frozenset(),
    ) -> bool:
        name = nodes[0].name.value
        if name == TYPENAME:
            return True
        field = self.sg.field(view, name) or self.sg.field(concrete, name)
        if field is None:
            return True
        subs = subs_of(nodes)
        local = self.is_local(graph, view, concrete, name, provided)
        if local:
            child = self.child_provided(graph, view, concrete, name, provided)
            if self.satisfiable(graph, field.type_name, subs, child, depth - 1):
                return True
        elif name in available and not subs:
            return True
        targets = [
            t
            for t in self.fetchable_from(graph, concrete, name, provided, available)
            if not (local and t == graph)
        ]
        if any(self.satisfiable(t, field.type_name, subs, None, depth - 1) for t in targets):
            return True
        candidates = ([graph] if local else []) + targets
        return (
            self.split(graph, view, concrete, name, subs, provided, candidates, depth) is not None
        )

    def split(
        self,
        graph: str,
        view: str,
        concrete: str,
        name: str,
        subs: list[SelectionSetNode],
        provided: Provided,
        candidates: list[str],
        depth: int = SATISFY_DEPTH,
    ) -> dict[str, list[Any]] | None:
        """Spread a field's selection over `candidates` (each gets the part it can
        complete), or None when some part fits none of them."""
        field = self.sg.field(view, name) or self.sg.field(concrete, name)
        if field is None or self.sg.kind(field.type_name) != OBJECT or not candidates:
            return None
        child_type = field.type_name
        parts: dict[str, list[Any]] = {}
        for child_nodes in self.collector.collect(child_type, subs).values():
            child_name = child_nodes[0].name.value
            if child_name == TYPENAME:
                parts.setdefault(candidates[0], []).extend(child_nodes)
                continue
            only = [SelectionSetNode(selections=tuple(child_nodes))]
            for candidate in candidates:
                child_provided = (
                    self.child_provided(graph, view, concrete, name, provided)
                    if candidate == graph
                    else None
                )
                if self.satisfiable(candidate, child_type, only, child_provided, depth - 1):
                    parts.setdefault(candidate, []).extend(child_nodes)
                    break
            else:
                return None
        if self.collector.defers:
            # Deferred fragments go with the first part, which plans them from its position.
            deferred = [d.node for d in self.collector.deferred(child_type, subs)]
            if deferred:
                parts.setdefault(candidates[0], []).extend(deferred)
        return parts

    # -- cost ---------------------------------------------------------------------------
    def coverage(self, graph: str, type_name: str, subs: list[SelectionSetNode], depth: int) -> int:
        """How many selected fields `graph` resolves without leaving (a cost heuristic)."""
        if depth == 0 or not subs or not self.sg.is_composite(type_name):
            return 0
        total = 0
        types = (
            [type_name]
            if self.sg.kind(type_name) == OBJECT
            else self.sg.possible_types_in(type_name, graph)
        )
        for concrete in types:
            for nodes in self.collector.collect(concrete, subs).values():
                name = nodes[0].name.value
                if name == TYPENAME:
                    continue
                if self.sg.resolves(concrete, name, graph):
                    field = self.sg.field(concrete, name)
                    total += 1
                    if field is not None:
                        total += self.coverage(graph, field.type_name, subs_of(nodes), depth - 1)
                else:
                    total -= 1
        return total
