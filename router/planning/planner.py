"""Operation -> query plan.

The planner walks the client's selection with a *current fetch* (one subgraph) and a data
path. A field the current subgraph can resolve (itself, or through `@provides`) stays in that
fetch; any other field moves to an `_entities` fetch on a subgraph that resolves it, reached
through a key the current fetch adds to its selection (see `jumps.py`). A field whose
selection no single subgraph completes is split, each part going where it can be resolved.
Abstract types are expanded per concrete type the subgraph can return, so every field is
checked against the type that really holds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    print_ast,
)

from router.planning.coalesce import coalesce
from router.planning.deferral import Deferral
from router.planning.jumps import EntityJumps
from router.planning.plan import DeferredPart, Fetch, QueryPlan
from router.planning.position import Fields, Position
from router.planning.reachability import Provided, Reachability, subs_of, with_selections
from router.planning.selection import TYPENAME, FieldCollector
from router.sdl import list_depth, named_type
from router.supergraph import OBJECT, Supergraph

# Not an operation limit (that is AGORA_MAX_DEPTH, checked before planning): a guard on chained
# subgraph jumps for one selection, which no satisfiable supergraph comes near within the
# default depth. Past it, planning fails: a plan that silently dropped fields would be wrong.
MAX_CHAINED_JUMPS = 24
INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})

__all__ = ["Planner", "PlanningError"]


class PlanningError(Exception):
    """No subgraph combination can resolve the operation."""


def _is_non_null(field: Any) -> bool:
    return field is not None and isinstance(field.type_node, NonNullTypeNode)


class Planner:
    """Plans operations against one supergraph."""

    def __init__(self, supergraph: Supergraph) -> None:
        self.supergraph = supergraph

    def plan(
        self,
        operation: OperationDefinitionNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        defer: bool = False,
    ) -> QueryPlan:
        """With `defer`, fragments marked `@defer` become deferred parts of the plan; without,
        they are planned like any other fragment."""
        return PlanBuilder(self.supergraph, operation, fragments, variables, defer).build()


class PlanBuilder:
    """One operation's walk. Entity jumps (`jumps`) and deferred fragments (`deferral`, only
    when deferring) are collaborators it calls, and which call back into the walk."""

    def __init__(
        self,
        supergraph: Supergraph,
        operation: OperationDefinitionNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        defer: bool = False,
    ) -> None:
        self.sg = supergraph
        self.operation = operation
        self.fragments = dict(fragments)
        self.collector = FieldCollector(supergraph.possible_types, fragments, variables, defer)
        self.reach = Reachability(supergraph, self.collector)
        self.fetches: list[Fetch] = []
        # The deferred part being planned (0: the initial response); new fetches belong to it.
        self.scope = 0
        self.jumps = EntityJumps(self)
        self.deferral = Deferral(self, self.jumps) if defer else None
        self.graph_order = {name: i for i, name in enumerate(supergraph.subgraphs)}
        # data path -> subgraphs that could resolve the field at that path
        self.alternatives: dict[tuple[str, ...], frozenset[str]] = {}
        self.depth = 0

    # -- entry ----------------------------------------------------------------------------
    def build(self) -> QueryPlan:
        op_type = self.operation.operation.value
        root_type = self.sg.root_types.get(op_type, op_type.capitalize())
        fields = self.collector.collect(root_type, [self.operation.selection_set])
        introspection = False
        root_fetches: dict[str, Fetch] = {}
        previous: list[Fetch] = []
        for key, nodes in fields.items():
            name = nodes[0].name.value
            if name == TYPENAME:
                continue
            if name in INTROSPECTION_FIELDS:
                introspection = True
                continue
            parts = self.choose_root_graphs(root_type, name, nodes, root_fetches)
            if op_type == "mutation":
                # Mutations run one after the other, in the client's order.
                start = len(self.fetches)
                for graph, part in parts.items():
                    fetch = self.new_fetch(graph, op_type)
                    fetch.depends_on.update(previous)
                    self.add_field(Position(fetch, fetch.selection, ()), root_type, key, part)
                previous = self.fetches[start:]
                continue
            for graph, part in parts.items():
                fetch = root_fetches.get(graph) or self.new_fetch(graph, op_type)
                root_fetches[graph] = fetch
                self.add_field(Position(fetch, fetch.selection, ()), root_type, key, part)
        if self.deferral is not None:
            self.deferral.plan_root(root_type, op_type, [self.operation.selection_set], None)
            self.deferral.plan_pending()
        variable_types = {
            d.variable.name.value: _print_type(d.type)
            + (f"={_print_type(d.default_value)}" if d.default_value is not None else "")
            for d in self.operation.variable_definitions or ()
        }
        self.fetches = coalesce(self.fetches)
        for fetch in self.fetches:
            fetch.finalize(variable_types, self.sg.ambiguous_fields(fetch.graph))
        non_null_roots = frozenset(
            key
            for key, nodes in fields.items()
            if _is_non_null(self.sg.field(root_type, nodes[0].name.value))
        )
        if self.deferral is None:
            return QueryPlan(
                self.operation,
                self.fragments,
                self.fetches,
                fields,
                introspection,
                non_null_roots=non_null_roots,
            )
        by_id: dict[int, DeferredPart] = {part.id: part for part in self.deferral.parts.values()}
        for fetch in self.fetches:
            if fetch.defer:
                by_id[fetch.defer].fetches.append(fetch)
        return QueryPlan(
            self.operation,
            self.fragments,
            [fetch for fetch in self.fetches if not fetch.defer],
            fields,
            introspection,
            non_null_roots=non_null_roots,
            defer=True,
            deferred=tuple(part for part in by_id.values() if part.parent is None),
        )

    def new_fetch(self, graph: str, op_type: str, path: tuple[str, ...] = ()) -> Fetch:
        fetch = Fetch(id=len(self.fetches), graph=graph, operation_type=op_type, path=path)
        fetch.defer = self.scope
        self.fetches.append(fetch)
        return fetch

    def choose_root_graphs(
        self, root_type: str, name: str, nodes: list[FieldNode], existing: Mapping[str, Fetch]
    ) -> dict[str, list[FieldNode]]:
        """The subgraph for a root field, or several each taking part of its selection."""
        candidates = [g for g in self.sg.subgraphs if self.sg.resolves(root_type, name, g)]
        field = self.sg.field(root_type, name)
        if not candidates or field is None:
            raise PlanningError(f'Cannot plan field "{root_type}.{name}".')
        subs = subs_of(nodes)

        def score(graph: str) -> tuple[int, int, int]:
            coverage = self.reach.coverage(graph, field.type_name, subs, 3)
            return (-coverage, 0 if graph in existing else 1, self.graph_order[graph])

        ordered = sorted(candidates, key=score)
        for graph in ordered:
            provides = field.joins[graph].provides
            if self.reach.satisfiable(
                graph, field.type_name, subs, [provides] if provides is not None else None
            ):
                return {graph: nodes}
        parts = self.reach.split(ordered[0], root_type, root_type, name, subs, None, ordered)
        if parts is None:
            raise PlanningError(f'Cannot plan field "{root_type}.{name}" in any subgraph.')
        return {graph: [with_selections(nodes, part)] for graph, part in parts.items()}

    def available(self, at: Position, concrete: str) -> frozenset[str]:
        """Fields already in the data at `at` before its fetch runs (its representation)."""
        fetch = at.fetch
        if not fetch.is_entity or at.path != fetch.path or fetch.representations is None:
            return frozenset()
        representation = fetch.representations.get(concrete)
        if representation is None:
            return frozenset()
        return frozenset(representation.selection.fields)

    # -- walking ----------------------------------------------------------------------------
    def add_field(self, at: Position, view: str, key: str, nodes: list[FieldNode]) -> set[Fetch]:
        """Add a field `at.fetch` resolves; `at.provided` is what @provides covers below it."""
        fetch = at.fetch
        node = nodes[0]
        name = node.name.value
        field = self.sg.field(view, name)
        if field is None or not self.sg.is_composite(field.type_name):
            at.sel.add_field(key, name, tuple(node.arguments or ()))
            return {fetch}
        child = at.sel.add_composite(key, name, tuple(node.arguments or ()))
        child_path = (*at.path, key) + ("@",) * list_depth(field.type_node)
        join = field.joins.get(fetch.graph)
        type_name = field.type_name
        provided = at.provided
        if join is not None:
            if join.provides is not None:
                provided = [*(provided or []), join.provides]
            if join.type is not None:
                # The subgraph may declare a narrower type (an object for a union).
                own_type = named_type(join.type)
                if own_type != type_name and self.sg.is_composite(own_type):
                    child.add_typename()
                    type_name = own_type
        shared_by = self._sharing_graphs(fetch, view, name, type_name, at.path, child_path)
        return self.plan_position(
            Position(fetch, child, child_path, provided), type_name, subs_of(nodes), shared_by
        )

    def _sharing_graphs(
        self,
        fetch: Fetch,
        view: str,
        name: str,
        type_name: str,
        path: tuple[str, ...],
        child_path: tuple[str, ...],
    ) -> list[str]:
        """Other subgraphs that could have answered this very field here (a shareable field
        reached through an entity or a shared parent). Remembered per path for children."""
        sg = self.sg
        parent = self.alternatives.get(path)
        candidates = set(sg.subgraphs) if parent is None else set(parent)
        candidates |= {g for g in sg.subgraphs if sg.entity_keys(view, g)}
        candidates.add(fetch.graph)
        resolving = frozenset(g for g in candidates if sg.resolves(view, name, g))
        self.alternatives[child_path] = resolving | {fetch.graph}
        if not sg.is_abstract(type_name):
            return []
        return [
            g
            for g in resolving
            if g != fetch.graph
            and (join := sg.field_join(view, name, g)) is not None
            and (join.type is None or named_type(join.type) == type_name)
        ]

    def plan_position(
        self,
        at: Position,
        type_name: str,
        subs: list[SelectionSetNode],
        shared_by: list[str] | None = None,
    ) -> set[Fetch]:
        sg = self.sg
        fetch = at.fetch
        deferral = self.deferral
        if sg.kind(type_name) == OBJECT:
            fields = self.collector.collect(type_name, subs)
            if deferral is not None:
                deferral.remember(at, type_name, type_name, subs)
            return self.plan_object(at, type_name, fields)
        if sg.is_interface_object_in(type_name, fetch.graph):
            at = at.providing(None)
            if deferral is not None:
                deferral.remember(at, type_name, type_name, subs)
            return self.jumps.plan_interface_object(at, type_name, subs)
        at.sel.add_typename()
        touched = {fetch}
        runtime_types = sg.possible_types_in(type_name, fetch.graph)
        for other in shared_by or ():
            # A shareable field answers the same from every subgraph: only the types all
            # of them can return are possible (the others' partial unions disagree).
            allowed = set(sg.possible_types_in(type_name, other))
            runtime_types = [t for t in runtime_types if t in allowed]
        if not runtime_types and not shared_by:
            # The subgraph knows the interface but none of its implementations: only the
            # interface's own fields can come from here.
            if deferral is not None:
                deferral.remember(at, type_name, type_name, subs)
            for key, nodes in self.collector.collect(type_name, subs).items():
                name = nodes[0].name.value
                if name == TYPENAME:
                    continue
                if not self.reach.is_local(fetch.graph, type_name, type_name, name, at.provided):
                    raise PlanningError(f'Cannot plan field "{type_name}.{name}".')
                touched |= self.add_field(at.providing(None), type_name, key, nodes)
            return touched
        for concrete in runtime_types:
            fields = self.collector.collect(concrete, subs)
            fields.pop(TYPENAME, None)  # already selected on the abstract type
            if deferral is not None:  # keys for them go in the fragment on the concrete type
                deferral.remember(at, type_name, concrete, subs, in_fragment=True)
            if not fields:
                continue
            touched |= self.plan_object(at.into(at.sel.fragment(concrete)), concrete, fields)
        return touched

    def plan_object(self, at: Position, concrete: str, fields: Fields) -> set[Fetch]:
        graph = at.graph
        reach = self.reach
        view = reach.view(concrete, graph)
        touched = {at.fetch}
        pending: Fields = {}
        assigned: dict[str, Fields] = {}
        available = self.available(at, concrete)
        for key, nodes in fields.items():
            name = nodes[0].name.value
            if name == TYPENAME:
                at.sel.add_typename()
                continue
            if reach.is_local(graph, view, concrete, name, at.provided):
                child_at = at.providing(reach.provided_child(at.provided, concrete, name))
                parts = self._local_parts(at, view, concrete, nodes)
                if parts is None:
                    touched |= self.add_field(child_at, view, key, nodes)
                    continue
                for target, part in parts.items():
                    if target == graph:
                        touched |= self.add_field(child_at, view, key, [part])
                    else:
                        assigned.setdefault(target, {})[key] = [part]
            elif key in available and nodes[0].selection_set is None:
                continue  # already in the data: it came with the representation
            else:
                pending[key] = nodes
        if not pending and not assigned:
            return touched
        if self.depth > MAX_CHAINED_JUMPS:
            raise PlanningError(
                f"Cannot plan the selection at {'.'.join(at.path) or 'the root'}: it needs "
                f"more than {MAX_CHAINED_JUMPS} chained subgraph jumps."
            )
        self.depth += 1
        try:
            for target, target_fields in self.assign(at, concrete, pending).items():
                assigned.setdefault(target, {}).update(target_fields)
            for target, target_fields in assigned.items():
                touched |= self.jumps.jump(at, concrete, target, target_fields)
        finally:
            self.depth -= 1
        return touched

    def _local_parts(
        self, at: Position, view: str, concrete: str, nodes: list[FieldNode]
    ) -> dict[str, FieldNode] | None:
        """None when the current subgraph completes the field; else where each part goes
        (a parent-entity call fetches the field again from another subgraph)."""
        name = nodes[0].name.value
        field = self.sg.field(view, name)
        subs = subs_of(nodes)
        if field is None or not subs or not self.sg.is_composite(field.type_name):
            return None
        reach = self.reach
        graph = at.graph
        provided = at.provided
        child = reach.child_provided(graph, view, concrete, name, provided)
        if reach.satisfiable(graph, field.type_name, subs, child):
            return None
        available = self.available(at, concrete)
        targets = [
            t
            for t in reach.fetchable_from(graph, concrete, name, provided, available)
            if t != graph
        ]
        for target in targets:
            if reach.satisfiable(target, field.type_name, subs, None):
                return {target: nodes[0]}
        parts = reach.split(graph, view, concrete, name, subs, provided, [graph, *targets])
        if parts is None:
            return None
        return {target: with_selections(nodes, part) for target, part in parts.items()}

    def assign(self, at: Position, concrete: str, pending: Fields) -> dict[str, Fields]:
        """Greedy set cover: as few target subgraphs as possible for the pending fields."""
        reach = self.reach
        graph = at.graph
        provided: Provided = at.provided
        routes: dict[str, Fields] = {}
        available = self.available(at, concrete)
        split_fields: dict[str, Fields] = {}
        for key, nodes in pending.items():
            name = nodes[0].name.value
            targets = reach.fetchable_from(graph, concrete, name, provided, available)
            if not targets:
                raise PlanningError(f'Cannot plan field "{concrete}.{name}".')
            field = self.sg.field(concrete, name)
            subs = subs_of(nodes)
            if field is not None and subs:
                complete = [t for t in targets if reach.satisfiable(t, field.type_name, subs, None)]
                if not complete:
                    view = reach.view(concrete, graph)
                    parts = reach.split(graph, view, concrete, name, subs, provided, targets)
                    if parts is not None:
                        for target, part in parts.items():
                            split_fields.setdefault(target, {})[key] = [
                                with_selections(nodes, part)
                            ]
                        continue
                targets = complete or targets
            for target in targets:
                routes.setdefault(target, {})[key] = nodes
        assigned: dict[str, Fields] = split_fields
        left = {k for fields in routes.values() for k in fields}

        def score(target: str) -> tuple[int, int, int, int]:
            covered = [k for k in routes[target] if k in left]
            local_key = 0 if self.jumps.local_key(at, concrete, target) else 1
            depth = sum(
                reach.coverage(
                    target, self._field_type(concrete, k, pending), subs_of(pending[k]), 2
                )
                for k in covered
            )
            return (-len(covered), local_key, -depth, self.graph_order[target])

        while left and routes:
            best = min(routes, key=score)
            covered = [k for k in routes[best] if k in left]
            if not covered:
                break
            assigned.setdefault(best, {}).update({k: pending[k] for k in covered})
            left.difference_update(covered)
            del routes[best]
        return assigned

    def _field_type(self, concrete: str, key: str, pending: Fields) -> str:
        field = self.sg.field(concrete, pending[key][0].name.value)
        return field.type_name if field else ""


def _print_type(type_node: Any) -> str:
    return print_ast(type_node)
