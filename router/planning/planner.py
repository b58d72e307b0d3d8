"""Operation -> query plan.

The planner walks the client's selection with a *current fetch* (one subgraph) and a data
path. A field the current subgraph can resolve (itself, or through `@provides`) stays in that
fetch; any other field moves to an `_entities` fetch on a subgraph that resolves it, reached
through a key the current fetch adds to its selection. Fields with `@requires` get their
required fields planned first, on the side that provides the keys, and go into a fetch that
depends on everything that produced them. Abstract types are expanded per concrete type the
subgraph can return, so every field is checked against the type that really holds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode

from router.planning.plan import Fetch, QueryPlan, Representation
from router.planning.selection import TYPENAME, FieldCollector, SelectionTree
from router.supergraph import OBJECT, Key, Supergraph

Fields = dict[str, list[FieldNode]]
Provided = list[SelectionSetNode] | None
MAX_DEPTH = 24
INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


def list_depth(type_node: Any) -> int:
    depth = 0
    while hasattr(type_node, "type"):
        if type_node.__class__.__name__ == "ListTypeNode":
            depth += 1
        type_node = type_node.type
    return depth


class PlanningError(Exception):
    """No subgraph combination can resolve the operation."""


class Planner:
    """Plans operations against one supergraph."""

    def __init__(self, supergraph: Supergraph) -> None:
        self.supergraph = supergraph

    def plan(
        self,
        operation: OperationDefinitionNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> QueryPlan:
        return _PlanBuilder(self.supergraph, operation, fragments, variables).build()


class _PlanBuilder:
    def __init__(
        self,
        supergraph: Supergraph,
        operation: OperationDefinitionNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.sg = supergraph
        self.operation = operation
        self.fragments = dict(fragments)
        self.collector = FieldCollector(supergraph.possible_types, fragments, variables)
        self.fetches: list[Fetch] = []
        self.entity_index: dict[tuple[str, tuple[str, ...], int], list[Fetch]] = {}
        self.graph_order = {name: i for i, name in enumerate(supergraph.subgraphs)}
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
            graph = self._choose_root_graph(root_type, name, nodes, root_fetches)
            if graph is None:
                continue
            if op_type == "mutation":
                # Mutations run one after the other, in the client's order.
                start = len(self.fetches)
                fetch = self._new_fetch(graph, op_type)
                fetch.depends_on.update(previous)
                self._add_field(fetch, fetch.selection, root_type, key, nodes, (), None)
                previous = self.fetches[start:]
                continue
            fetch = root_fetches.get(graph) or self._new_fetch(graph, op_type)
            root_fetches[graph] = fetch
            self._add_field(fetch, fetch.selection, root_type, key, nodes, (), None)
        variable_types = {
            d.variable.name.value: _print_type(d.type)
            for d in self.operation.variable_definitions or ()
        }
        for fetch in self.fetches:
            fetch.finalize(variable_types, self.sg.ambiguous_fields(fetch.graph))
        return QueryPlan(self.operation, self.fragments, self.fetches, fields, introspection)

    def _new_fetch(self, graph: str, op_type: str, path: tuple[str, ...] = ()) -> Fetch:
        fetch = Fetch(id=len(self.fetches), graph=graph, operation_type=op_type, path=path)
        self.fetches.append(fetch)
        return fetch

    # -- choosing subgraphs -----------------------------------------------------------------
    def _choose_root_graph(
        self, root_type: str, name: str, nodes: list[FieldNode], existing: Mapping[str, Fetch]
    ) -> str | None:
        candidates = [g for g in self.sg.subgraphs if self.sg.resolves(root_type, name, g)]
        if not candidates:
            return None
        field = self.sg.field(root_type, name)
        assert field is not None
        subs = _subs(nodes)

        def score(graph: str) -> tuple[int, int, int]:
            coverage = self._coverage(graph, field.type_name, subs, 3)
            return (-coverage, 0 if graph in existing else 1, self.graph_order[graph])

        for graph in sorted(candidates, key=score):
            if self._satisfiable(graph, field.type_name, subs, field.joins[graph].provides, 4):
                return graph
        raise PlanningError(f'Cannot plan field "{root_type}.{name}" in any subgraph.')

    def _satisfiable(
        self,
        graph: str,
        type_name: str,
        subs: list[SelectionSetNode],
        provides: SelectionSetNode | None,
        depth: int,
    ) -> bool:
        """Can a fetch on `graph` at a `type_name` position get every selected field?"""
        if depth == 0 or not subs or not self.sg.is_composite(type_name):
            return True
        provided = [provides] if provides is not None else None
        types = (
            [type_name]
            if self.sg.kind(type_name) == OBJECT
            else self.sg.possible_types_in(type_name, graph)
        )
        for concrete in types:
            view = self._view(concrete, graph)
            for nodes in self.collector.collect(concrete, subs).values():
                name = nodes[0].name.value
                if name == TYPENAME:
                    continue
                field = self.sg.field(concrete, name)
                if field is None:
                    continue
                if self._is_local(graph, view, concrete, name, provided):
                    join = self.sg.field_join(view, name, graph)
                    child_provides = join.provides if join else None
                    if not self._satisfiable(graph, field.type_name, _subs(nodes), child_provides, depth - 1):
                        return False
                    continue
                targets = self._fetchable_from(graph, concrete, name, provided, frozenset(), 3)
                if not targets:
                    return False
                if not any(
                    self._satisfiable(t, field.type_name, _subs(nodes), None, depth - 1) for t in targets
                ):
                    return False
        return True

    def _fetchable_from(
        self,
        graph: str,
        concrete: str,
        name: str,
        provided: Provided,
        available: frozenset[str],
        depth: int,
    ) -> list[str]:
        """Subgraphs reachable from `graph` (through an obtainable key) that resolve
        `concrete.name`."""
        view = self._view(concrete, graph)
        found = []
        for target in self.sg.subgraphs:
            route = self._route(concrete, name, target)
            if route is None:
                continue
            if target == graph:
                join = self.sg.field_join(route[1], name, target)
                if join is None or join.requires is None:
                    continue
            for key in self.sg.entity_keys(route[0], target):
                if all(
                    sel.name.value in available  # type: ignore[attr-defined]
                    or self._is_local(graph, view, concrete, sel.name.value, provided)  # type: ignore[attr-defined]
                    or (
                        depth > 0
                        and self._fetchable_from(
                            graph, concrete, sel.name.value, provided, available, depth - 1  # type: ignore[attr-defined]
                        )
                    )
                    for sel in key.selection.selections
                ):
                    found.append(target)
                    break
        return found

    def _better_elsewhere(
        self,
        fetch: Fetch,
        view: str,
        concrete: str,
        nodes: list[FieldNode],
        path: tuple[str, ...],
        provided: Provided,
    ) -> bool:
        """A field the current subgraph resolves, but whose selection it cannot complete
        (even with entity jumps), moves to a subgraph that can (a parent-entity call)."""
        name = nodes[0].name.value
        field = self.sg.field(view, name)
        if field is None or not self.sg.is_composite(field.type_name) or not _subs(nodes):
            return False
        join = field.joins.get(fetch.graph)
        child_provided = _provided_child(self, provided, concrete, name)
        if join is not None and join.provides is not None:
            child_provided = [*(child_provided or []), join.provides]
        if self._satisfiable_provided(fetch.graph, field.type_name, _subs(nodes), child_provided):
            return False
        available = self._available(fetch, concrete, path)
        return any(
            self._satisfiable(target, field.type_name, _subs(nodes), None, 4)
            for target in self._fetchable_from(fetch.graph, concrete, name, None, available, 2)
            if target != fetch.graph
        )

    def _satisfiable_provided(
        self, graph: str, type_name: str, subs: list[SelectionSetNode], provided: Provided
    ) -> bool:
        if not provided:
            return self._satisfiable(graph, type_name, subs, None, 4)
        return all(self._satisfiable(graph, type_name, subs, p, 4) for p in provided)

    def _available(self, fetch: Fetch, concrete: str, path: tuple[str, ...]) -> frozenset[str]:
        """Fields already in the data at `path` before `fetch` runs (its representation)."""
        if not fetch.is_entity or path != fetch.path or fetch.representations is None:
            return frozenset()
        representation = fetch.representations.get(concrete)
        if representation is None:
            return frozenset()
        return frozenset(representation.selection.fields)

    def _coverage(self, graph: str, type_name: str, subs: list[SelectionSetNode], depth: int) -> int:
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
                        total += self._coverage(graph, field.type_name, _subs(nodes), depth - 1)
                else:
                    total -= 1
        return total

    def _route(self, concrete: str, name: str, graph: str) -> tuple[str, str] | None:
        """(representation typename, type as `graph` sees it) to reach `concrete.name`."""
        sg = self.sg
        if sg.resolves(concrete, name, graph) and sg.entity_keys(concrete, graph):
            return concrete, concrete
        for interface, owner in sg.interface_objects_for(concrete):
            if owner == graph and sg.resolves(interface, name, graph):
                if sg.entity_keys(interface, graph):
                    return interface, interface
        return None

    def _view(self, concrete: str, graph: str) -> str:
        """The type holding `concrete`'s fields in `graph` (itself or an interface object)."""
        if graph in self.sg.types[concrete].joins:
            return concrete
        for interface, owner in self.sg.interface_objects_for(concrete):
            if owner == graph:
                return interface
        return concrete

    def _is_local(self, graph: str, view: str, concrete: str, name: str, provided: Provided) -> bool:
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

    # -- walking ----------------------------------------------------------------------------
    def _add_field(
        self,
        fetch: Fetch,
        sel: SelectionTree,
        view: str,
        key: str,
        nodes: list[FieldNode],
        path: tuple[str, ...],
        provided: Provided,
    ) -> set[Fetch]:
        node = nodes[0]
        name = node.name.value
        field = self.sg.field(view, name)
        if field is None or not self.sg.is_composite(field.type_name):
            sel.add_field(key, name, tuple(node.arguments or ()))
            return {fetch}
        child = sel.add_composite(key, name, tuple(node.arguments or ()))
        child_path = (*path, key) + ("@",) * list_depth(field.type_node)
        join = field.joins.get(fetch.graph)
        child_provided = provided
        if join is not None and join.provides is not None:
            child_provided = [*(provided or []), join.provides]
        return self._plan_position(
            fetch, child, field.type_name, _subs(nodes), child_path, child_provided
        )

    def _plan_position(
        self,
        fetch: Fetch,
        sel: SelectionTree,
        type_name: str,
        subs: list[SelectionSetNode],
        path: tuple[str, ...],
        provided: Provided,
    ) -> set[Fetch]:
        sg = self.sg
        if sg.kind(type_name) == OBJECT:
            fields = self.collector.collect(type_name, subs)
            return self._plan_object(fetch, sel, type_name, fields, path, provided)
        if sg.is_interface_object_in(type_name, fetch.graph):
            return self._plan_interface_object(fetch, sel, type_name, subs, path)
        sel.add_typename()
        touched = {fetch}
        runtime_types = sg.possible_types_in(type_name, fetch.graph)
        if not runtime_types:
            # The subgraph knows the interface but none of its implementations: only the
            # interface's own fields can come from here.
            fields = self.collector.collect(type_name, subs)
            for key, nodes in fields.items():
                name = nodes[0].name.value
                if name == TYPENAME:
                    continue
                if not self._is_local(fetch.graph, type_name, type_name, name, provided):
                    raise PlanningError(f'Cannot plan field "{type_name}.{name}".')
                touched |= self._add_field(fetch, sel, type_name, key, nodes, path, None)
            return touched
        for concrete in runtime_types:
            fields = self.collector.collect(concrete, subs)
            if not any(k != TYPENAME for k in fields):
                continue
            touched |= self._plan_object(
                fetch, sel.fragment(concrete), concrete, fields, path, provided
            )
        return touched

    def _plan_object(
        self,
        fetch: Fetch,
        sel: SelectionTree,
        concrete: str,
        fields: Fields,
        path: tuple[str, ...],
        provided: Provided,
    ) -> set[Fetch]:
        graph = fetch.graph
        view = self._view(concrete, graph)
        touched = {fetch}
        pending: Fields = {}
        available = self._available(fetch, concrete, path)
        for key, nodes in fields.items():
            name = nodes[0].name.value
            if name == TYPENAME:
                sel.add_typename()
            elif self._is_local(graph, view, concrete, name, provided) and not (
                self._better_elsewhere(fetch, view, concrete, nodes, path, provided)
            ):
                touched |= self._add_field(
                    fetch, sel, view, key, nodes, path, _provided_child(self, provided, concrete, name)
                )
            elif key in available and nodes[0].selection_set is None:
                continue  # already in the data: it came with the representation
            else:
                pending[key] = nodes
        if not pending or self.depth > MAX_DEPTH:
            return touched
        self.depth += 1
        try:
            for target, target_fields in self._assign(fetch, concrete, pending, path).items():
                touched |= self._jump(fetch, sel, concrete, view, target, target_fields, path, provided)
        finally:
            self.depth -= 1
        return touched

    def _assign(
        self, fetch: Fetch, concrete: str, pending: Fields, path: tuple[str, ...]
    ) -> dict[str, Fields]:
        """Greedy set cover: as few target subgraphs as possible for the pending fields."""
        routes: dict[str, dict[str, list[FieldNode]]] = {}
        available = self._available(fetch, concrete, path)
        for key, nodes in pending.items():
            name = nodes[0].name.value
            targets = self._fetchable_from(fetch.graph, concrete, name, None, available, 2)
            if not targets:
                raise PlanningError(f'Cannot plan field "{concrete}.{name}".')
            field = self.sg.field(concrete, name)
            if field is not None and _subs(nodes):
                complete = [
                    t for t in targets if self._satisfiable(t, field.type_name, _subs(nodes), None, 4)
                ]
                targets = complete or targets
            for graph in targets:
                routes.setdefault(graph, {})[key] = nodes
        assigned: dict[str, Fields] = {}
        left = set(pending)
        existing = {f.graph for f in self.entity_index.get((fetch.graph, path, fetch.id), [])}
        while left and routes:

            def score(graph: str) -> tuple[int, int, int, int]:
                covered = [k for k in routes[graph] if k in left]
                local_key = 0 if self._local_key(fetch, concrete, graph, path) else 1
                depth = sum(
                    self._coverage(graph, self._field_type(concrete, graph, k, pending), _subs(pending[k]), 2)
                    for k in covered
                )
                return (-len(covered), local_key, -depth, self.graph_order[graph])

            best = min(routes, key=score)
            covered = [k for k in routes[best] if k in left]
            if not covered:
                break
            assigned[best] = {k: pending[k] for k in covered}
            left.difference_update(covered)
            del routes[best]
        del existing
        return assigned

    def _field_type(self, concrete: str, graph: str, key: str, pending: Fields) -> str:
        field = self.sg.field(concrete, pending[key][0].name.value)
        return field.type_name if field else ""

    def _local_key(
        self, fetch: Fetch, concrete: str, target: str, path: tuple[str, ...]
    ) -> Key | None:
        """A key of `target` whose fields the current fetch resolves itself."""
        view = self._view(concrete, fetch.graph)
        route_type = self._view(concrete, target)
        available = self._available(fetch, concrete, path)
        for key in self.sg.entity_keys(route_type, target):
            fields = self.collector.collect(concrete, [key.selection])
            if all(
                key_name in available
                or self._is_local(fetch.graph, view, concrete, nodes[0].name.value, None)
                for key_name, nodes in fields.items()
            ):
                return key
        return None

    def _jump(
        self,
        fetch: Fetch,
        sel: SelectionTree,
        concrete: str,
        view: str,
        target: str,
        fields: Fields,
        path: tuple[str, ...],
        provided: Provided,
    ) -> set[Fetch]:
        sg = self.sg
        first = next(iter(fields.values()))[0].name.value
        route = self._route(concrete, first, target)
        if route is None:
            return set()
        repr_type, target_view = route
        key = self._local_key(fetch, concrete, target, path) or sg.entity_keys(repr_type, target)[0]
        sel.add_typename()
        deps = self._plan_object(
            fetch, sel, concrete, self.collector.collect(concrete, [key.selection]), path, provided
        )
        representation = Representation(repr_type)
        representation.selection.add_typename()
        representation.selection.merge(self._tree(concrete, [key.selection]))
        for nodes in fields.values():
            join = sg.field_join(target_view, nodes[0].name.value, target)
            if join is not None and join.requires is not None:
                deps |= self._plan_object(
                    fetch,
                    sel,
                    concrete,
                    self.collector.collect(concrete, [join.requires]),
                    path,
                    provided,
                )
                representation.selection.merge(self._tree(concrete, [join.requires]))
        deps.add(fetch)
        entity_fetch = self._entity_fetch(target, path, fetch, deps)
        reprs = entity_fetch.representations
        assert reprs is not None
        if concrete in reprs:
            reprs[concrete].selection.merge(representation.selection)
        else:
            reprs[concrete] = representation
        entity_sel = entity_fetch.selection.fragment(repr_type)
        touched = set(deps) | {entity_fetch}
        for field_key, nodes in fields.items():
            touched |= self._add_field(entity_fetch, entity_sel, target_view, field_key, nodes, path, None)
        return touched

    def _entity_fetch(
        self, graph: str, path: tuple[str, ...], parent: Fetch, deps: set[Fetch]
    ) -> Fetch:
        """Reuse a fetch on (graph, path) from the same parent unless that makes a cycle."""
        index_key = (graph, path, parent.id)
        for candidate in self.entity_index.get(index_key, []):
            if any(candidate is d or candidate in d.ancestors() for d in deps):
                continue
            candidate.depends_on |= deps
            return candidate
        fetch = self._new_fetch(graph, "query", path)
        fetch.parent = parent
        fetch.representations = {}
        fetch.depends_on |= deps
        self.entity_index.setdefault(index_key, []).append(fetch)
        return fetch

    def _tree(self, type_name: str, subs: Iterable[SelectionSetNode]) -> SelectionTree:
        """A field set (key or requires) as a selection tree, for building representations."""
        tree = SelectionTree()
        for selection_set in subs:
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    key_name = _key(selection)
                    if selection.selection_set is None:
                        tree.add_field(key_name, selection.name.value, tuple(selection.arguments or ()))
                    else:
                        field = self.sg.field(type_name, selection.name.value)
                        child_type = field.type_name if field else type_name
                        child = tree.add_composite(
                            key_name, selection.name.value, tuple(selection.arguments or ())
                        )
                        if self.sg.kind(child_type) != OBJECT:
                            child.add_typename()
                        child.merge(self._tree(child_type, [selection.selection_set]))
                else:
                    condition = getattr(selection, "type_condition", None)
                    cond = condition.name.value if condition else type_name
                    tree.fragment(cond).merge(self._tree(cond, [selection.selection_set]))  # type: ignore[attr-defined]
        return tree

    def _plan_interface_object(
        self,
        fetch: Fetch,
        sel: SelectionTree,
        interface: str,
        subs: list[SelectionSetNode],
        path: tuple[str, ...],
    ) -> set[Fetch]:
        """`fetch`'s subgraph holds `interface` as an @interfaceObject: it knows no concrete
        types, so `__typename` and type-specific fields come from a subgraph that does."""
        sg = self.sg
        graph = fetch.graph
        touched = {fetch}
        direct = self.collector.collect(interface, subs)
        handled: set[str] = set()
        needs_concrete = False
        for key, nodes in direct.items():
            name = nodes[0].name.value
            if name == TYPENAME:
                needs_concrete = True
            elif self._is_local(graph, interface, interface, name, None):
                touched |= self._add_field(fetch, sel, interface, key, nodes, path, None)
                handled.add(key)
        per_type = {c: self.collector.collect(c, subs) for c in sg.possible_types(interface)}
        if any(k not in handled for fields in per_type.values() for k in fields):
            needs_concrete = True
        if not needs_concrete:
            return touched
        owner = next(
            (
                g
                for g in sg.subgraphs
                if g != graph
                and g in sg.types[interface].joins
                and not sg.is_interface_object_in(interface, g)
                and sg.entity_keys(interface, g)
            ),
            None,
        )
        if owner is None:
            return touched
        key = sg.entity_keys(interface, owner)[0]
        sel.add_typename()
        deps = self._plan_object(
            fetch, sel, interface, self.collector.collect(interface, [key.selection]), path, None
        )
        deps.add(fetch)
        owner_fetch = self._entity_fetch(owner, path, fetch, deps)
        assert owner_fetch.representations is not None
        representation = Representation(interface)
        representation.selection.add_typename()
        representation.selection.merge(self._tree(interface, [key.selection]))
        owner_fetch.representations.setdefault(interface, representation)
        owner_sel = owner_fetch.selection.fragment(interface)
        owner_sel.add_typename()
        touched |= deps | {owner_fetch}
        for concrete in sg.possible_types_in(interface, owner):
            fields = {k: v for k, v in per_type.get(concrete, {}).items() if k not in handled}
            if any(k != TYPENAME for k in fields):
                touched |= self._plan_object(
                    owner_fetch, owner_sel.fragment(concrete), concrete, fields, path, None
                )
        return touched


def _subs(nodes: Iterable[FieldNode]) -> list[SelectionSetNode]:
    return [n.selection_set for n in nodes if n.selection_set is not None]


def _key(node: FieldNode) -> str:
    from router.planning.selection import field_key

    return field_key(node)


def _provided_child(
    builder: _PlanBuilder, provided: Provided, concrete: str, name: str
) -> Provided:
    if not provided:
        return None
    children: list[SelectionSetNode] = []
    for nodes in builder.collector.collect(concrete, provided).values():
        if nodes[0].name.value == name:
            children.extend(_subs(nodes))
    return children or None


def _print_type(type_node: Any) -> str:
    from graphql import print_ast

    return print_ast(type_node)
