"""Entity jumps: moving part of a selection to another subgraph through `_entities`.

The current fetch adds `__typename` and a key (and any `@requires` fields) to its
selection; a dependent fetch on the target subgraph receives them as representations.
`EntityJumps` is a collaborator of the plan builder: the builder asks it to jump, and it
plans the keys and the moved fields by calling back into the builder's walk.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphql import FieldNode, SelectionSetNode

from router.planning.plan import Fetch, Representation
from router.planning.position import Fields, Position, Walk
from router.planning.selection import TYPENAME, SelectionTree, field_key
from router.supergraph import OBJECT, Key

EntityIndex = dict[tuple[str, tuple[str, ...], int, str | None, int], list[Fetch]]


class EntityJumps:
    """The entity fetches of one plan, and how the walk reaches them."""

    def __init__(self, walk: Walk) -> None:
        self.walk = walk
        self.sg = walk.sg
        self.reach = walk.reach
        self.collector = walk.collector
        # (graph, path, parent fetch, concrete type for an @interfaceObject, part) -> fetches
        self.entity_index: EntityIndex = {}

    # -- jumps ----------------------------------------------------------------------------
    def local_key(self, at: Position, concrete: str, target: str) -> Key | None:
        """A key of `target` whose fields the current fetch has or resolves itself."""
        graph = at.graph
        view = self.reach.view(concrete, graph)
        route_type = self.reach.view(concrete, target)
        available = self.walk.available(at, concrete)
        for key in self.sg.entity_keys(route_type, target):
            fields = self.collector.collect(concrete, [key.selection])
            if all(
                key_name in available
                or self.reach.is_local(graph, view, concrete, nodes[0].name.value, at.provided)
                for key_name, nodes in fields.items()
            ):
                return key
        return None

    def _reachable_key(self, at: Position, concrete: str, repr_type: str, target: str) -> Key:
        """The first key of `target` whose fields can all be obtained from `at.fetch`."""
        keys = self.sg.entity_keys(repr_type, target)
        view = self.reach.view(concrete, at.graph)
        available = self.walk.available(at, concrete)
        for key in keys:
            if all(
                self.reach.key_field_obtainable(
                    at.graph, view, concrete, selection, at.provided, available
                )
                for selection in key.selection.selections
            ):
                return key
        return keys[0]

    def jump(self, at: Position, concrete: str, target: str, fields: Fields) -> set[Fetch]:
        sg = self.sg
        walk = self.walk
        fetch = at.fetch
        first = next(iter(fields.values()))[0].name.value
        route = self.reach.route(concrete, first, target)
        if route is None:
            return set()
        repr_type, target_view = route
        key = self.local_key(at, concrete, target) or self._reachable_key(
            at, concrete, repr_type, target
        )
        at.sel.add_typename()
        key_deps = walk.plan_object(at, concrete, self.collector.collect(concrete, [key.selection]))
        touched = set(key_deps)
        # Fields whose @requires would put the same name with different arguments into
        # one representation go to separate fetches.
        for batch in self._batches(concrete, target, target_view, fields):
            deps = set(key_deps)
            representation = Representation(repr_type)
            representation.selection.add_typename()
            representation.selection.merge(self._tree(concrete, [key.selection]))
            for nodes in batch.values():
                join = sg.field_join(target_view, nodes[0].name.value, target)
                if join is not None and join.requires is not None:
                    deps |= walk.plan_object(
                        at, concrete, self.collector.collect(concrete, [join.requires])
                    )
                    representation.selection.merge(self._tree(concrete, [join.requires]))
            deps.add(fetch)
            entity_fetch = self._entity_fetch(
                target, at.path, fetch, deps, concrete, representation
            )
            reprs = entity_fetch.representations
            assert reprs is not None
            if concrete in reprs:
                reprs[concrete].selection.merge(representation.selection)
            else:
                reprs[concrete] = representation
            entity_at = Position(entity_fetch, entity_fetch.selection.fragment(repr_type), at.path)
            touched |= deps | {entity_fetch}
            for key_name, nodes in batch.items():
                touched |= walk.add_field(entity_at, target_view, key_name, nodes)
        return touched

    def _batches(self, concrete: str, target: str, view: str, fields: Fields) -> list[Fields]:
        batches: list[tuple[Fields, SelectionTree]] = []
        for key_name, nodes in fields.items():
            join = self.sg.field_join(view, nodes[0].name.value, target)
            tree = (
                self._tree(concrete, [join.requires])
                if join is not None and join.requires is not None
                else SelectionTree()
            )
            for batch, batch_tree in batches:
                if compatible(batch_tree, tree):
                    batch[key_name] = nodes
                    batch_tree.merge(tree)
                    break
            else:
                batches.append(({key_name: nodes}, tree))
        return [batch for batch, _ in batches]

    def _entity_fetch(
        self,
        graph: str,
        path: tuple[str, ...],
        parent: Fetch,
        deps: set[Fetch],
        concrete: str,
        representation: Representation,
    ) -> Fetch:
        """Reuse a fetch on (graph, path) from the same parent unless that makes a cycle
        or clashes with its representations.

        An @interfaceObject target sees every concrete type as the interface and computes
        every field it is asked for every object: fields asked for one concrete type get a
        fetch of their own that sends only that type's objects."""
        view_of_concrete = representation.typename != concrete
        # A deferred part never adds to a fetch of the initial response or of another part.
        index_key = (
            graph,
            path,
            parent.id,
            concrete if view_of_concrete else None,
            self.walk.scope,
        )
        for candidate in self.entity_index.get(index_key, []):
            if any(candidate is d or candidate in d.ancestors() for d in deps):
                continue
            existing = (candidate.representations or {}).get(concrete)
            if existing is not None and not compatible(
                existing.selection, representation.selection
            ):
                continue
            candidate.depends_on |= deps
            return candidate
        fetch = self.walk.new_fetch(graph, "query", path)
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
                    arguments = tuple(selection.arguments or ())
                    name = selection.name.value
                    if selection.selection_set is None:
                        tree.add_field(field_key(selection), name, arguments)
                        continue
                    field = self.sg.field(type_name, name)
                    child_type = field.type_name if field else type_name
                    child = tree.add_composite(field_key(selection), name, arguments)
                    if self.sg.kind(child_type) != OBJECT:
                        child.add_typename()
                    child.merge(self._tree(child_type, [selection.selection_set]))
                else:
                    condition = getattr(selection, "type_condition", None)
                    cond = condition.name.value if condition else type_name
                    tree.fragment(cond).merge(self._tree(cond, [selection.selection_set]))  # type: ignore[attr-defined]
        return tree

    # -- @interfaceObject ---------------------------------------------------------------
    def _interface_jump(
        self, at: Position, interface: str, target: str, fields: Fields
    ) -> set[Fetch]:
        """Fetch interface fields from `target` with `__typename: <interface>` representations."""
        walk = self.walk
        fetch = at.fetch
        key = self.sg.entity_keys(interface, target)[0]
        at.sel.add_typename()
        deps = walk.plan_object(at, interface, self.collector.collect(interface, [key.selection]))
        deps.add(fetch)
        representation = Representation(interface)
        representation.selection.add_typename()
        representation.selection.merge(self._tree(interface, [key.selection]))
        for nodes in fields.values():
            # What the target's field @requires is fetched first and sent along.
            join = self.sg.field_join(interface, nodes[0].name.value, target)
            if join is not None and join.requires is not None:
                required = self.collector.collect(interface, [join.requires])
                deps |= walk.plan_object(at, interface, required)
                representation.selection.merge(self._tree(interface, [join.requires]))
        entity_fetch = self._entity_fetch(target, at.path, fetch, deps, interface, representation)
        reprs = entity_fetch.representations
        assert reprs is not None
        # The object's __typename may already be concrete when this runs.
        for typename in (interface, *self.sg.possible_types(interface)):
            reprs.setdefault(typename, representation)
        entity_at = Position(entity_fetch, entity_fetch.selection.fragment(interface), at.path)
        touched = deps | {entity_fetch}
        for key_name, nodes in fields.items():
            touched |= walk.add_field(entity_at, interface, key_name, nodes)
        return touched

    def plan_interface_object(
        self, at: Position, interface: str, subs: list[SelectionSetNode]
    ) -> set[Fetch]:
        """`at.fetch`'s subgraph holds `interface` as an @interfaceObject: it knows no
        concrete types, so `__typename` and type-specific fields come from a subgraph that
        does. `at` carries no @provides coverage here."""
        sg = self.sg
        walk = self.walk
        fetch = at.fetch
        graph = fetch.graph
        touched = {fetch}
        direct = self.collector.collect(interface, subs)
        handled: set[str] = set()
        needs_concrete = False
        elsewhere: dict[str, Fields] = {}
        for key, nodes in direct.items():
            name = nodes[0].name.value
            if name == TYPENAME:
                needs_concrete = True
            elif self.reach.is_local(graph, interface, interface, name, None):
                touched |= walk.add_field(at, interface, key, nodes)
                handled.add(key)
            else:
                # Another subgraph may resolve it on the interface itself (another
                # @interfaceObject): no need to learn the concrete type first.
                target = next(
                    (
                        g
                        for g in sg.subgraphs
                        if g != graph
                        and sg.resolves(interface, name, g)
                        and sg.entity_keys(interface, g)
                    ),
                    None,
                )
                if target is not None:
                    elsewhere.setdefault(target, {})[key] = nodes
                    handled.add(key)
        for target, target_fields in elsewhere.items():
            touched |= self._interface_jump(at, interface, target, target_fields)
        per_type = {c: self.collector.collect(c, subs) for c in sg.possible_types(interface)}
        if any(
            _unhandled(key, nodes, handled)
            for fields in per_type.values()
            for key, nodes in fields.items()
        ):
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
        owner_key = sg.entity_keys(interface, owner)[0]
        at.sel.add_typename()
        deps = walk.plan_object(
            at, interface, self.collector.collect(interface, [owner_key.selection])
        )
        deps.add(fetch)
        representation = Representation(interface)
        representation.selection.add_typename()
        representation.selection.merge(self._tree(interface, [owner_key.selection]))
        owner_fetch = self._entity_fetch(owner, at.path, fetch, deps, interface, representation)
        assert owner_fetch.representations is not None
        owner_fetch.representations.setdefault(interface, representation)
        owner_sel = owner_fetch.selection.fragment(interface)
        owner_sel.add_typename()
        touched |= deps | {owner_fetch}
        for concrete in sg.possible_types_in(interface, owner):
            fields = {
                k: v for k, v in per_type.get(concrete, {}).items() if _unhandled(k, v, handled)
            }
            if any(k != TYPENAME for k in fields):
                owner_at = Position(owner_fetch, owner_sel.fragment(concrete), at.path)
                touched |= walk.plan_object(owner_at, concrete, fields)
        return touched


def _unhandled(key: str, nodes: list[FieldNode], handled: set[str]) -> bool:
    """Still to plan on a concrete type: a field not planned on the interface, or a composite
    one, which may have more below it on this type (`venue { id }` on the interface,
    `... on Concert { venue { city } }` here)."""
    return key not in handled or any(node.selection_set is not None for node in nodes)


def compatible(left: SelectionTree, right: SelectionTree) -> bool:
    """Can two representation selections merge (no name with two different arguments)?"""
    names = {field.name: key for key, field in left.fields.items()}
    for key, field in right.fields.items():
        other = names.get(field.name)
        if other is not None and other != key:
            return False
        mine = left.fields.get(key)
        nested = mine is not None and mine.selection is not None and field.selection is not None
        if nested and not compatible(mine.selection, field.selection):  # type: ignore[union-attr,arg-type]
            return False
    for condition, tree in right.fragments.items():
        if condition in left.fragments and not compatible(left.fragments[condition], tree):
            return False
    return True
