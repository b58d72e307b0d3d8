"""Can every field of the supergraph be reached? A lenient version of Apollo's satisfiability check.

Walking the API schema from the root fields, we keep, for each position, the set of subgraphs the
router could be resolving it in. A field is reachable from such a subgraph if that subgraph resolves
it, or if the router can jump through a resolvable `@key` (whose fields the current subgraph has)
to a subgraph that does. A field no candidate can reach is reported with the path that leads to
it; this catches, for instance, a field added to an entity whose `@key` is `resolvable: false`, or a
value type whose fields differ between subgraphs. Apollo's check is complete (it also follows
`@requires` and nested keys); this one errs on the side of accepting.
"""

from __future__ import annotations

from collections import deque

from router.composition.context import MergeContext
from router.composition.fieldsets import valid_field_set
from router.composition.model import TypeDef, has_directive
from router.composition.subgraph import ROOT_NAMES
from router.sdl import named_type

MAX_STATES = 200_000  # a safety net for huge supergraphs: stop checking rather than run forever

Candidates = frozenset[int]


class _Reachability:
    def __init__(self, ctx: MergeContext) -> None:
        self.ctx = ctx
        self.overridden = self._overridden()

    def _overridden(self) -> set[tuple[int, str, str]]:
        """(subgraph, type, field) that an unlabelled @override took away from that subgraph."""
        names = [s.name for s in self.ctx.subgraphs]
        result = set()
        for subgraph in self.ctx.subgraphs:
            for type_def in subgraph.types.values():
                for field in type_def.fields.values():
                    for directive in field.directives:
                        origin = directive.string_arg("from")
                        if (
                            directive.name == "override"
                            and origin in names
                            and "label" not in directive.args
                        ):
                            result.add((names.index(origin), type_def.name, field.name))
        return result

    def resolves(self, index: int, type_name: str, field_name: str) -> bool:
        type_def = self.ctx.subgraphs[index].types.get(type_name)
        field = type_def.fields.get(field_name) if type_def else None
        if field is None or (index, type_name, field_name) in self.overridden:
            return False
        facts = self.ctx.facts[index]
        return not facts.is_fully_external(type_name, field)

    def key_targets(self, index: int, type_name: str) -> set[int]:
        """Subgraphs the router can jump to from `index` for an object of `type_name`.

        Key fields may come from any subgraph already reached (keys chain)."""
        reached = {index}
        interfaces = self.ctx.types[type_name].interfaces if type_name in self.ctx.types else []
        changed = True
        while changed:
            changed = False
            for target, subgraph in enumerate(self.ctx.subgraphs):
                if target in reached:
                    continue
                # The type itself, or an @interfaceObject standing in for one of its interfaces.
                holders = [subgraph.types.get(type_name)] + [
                    stand_in
                    for name in interfaces
                    if (stand_in := subgraph.types.get(name)) is not None
                    and self.ctx.facts[target].is_interface_object(stand_in)
                ]
                if any(
                    holder is not None and self._can_enter(holder, type_name, reached)
                    for holder in holders
                ):
                    reached.add(target)
                    changed = True
        return reached

    def _can_enter(self, holder: TypeDef, type_name: str, reached: set[int]) -> bool:
        for key in holder.directives_named("key"):
            if getattr(key.args.get("resolvable"), "value", True) is False:
                continue
            selection = valid_field_set(key.string_arg("fields") or "")
            if selection is None:
                continue
            names = [n.value for s in selection.selections if (n := getattr(s, "name", None))]
            if all(any(self.resolves_any_way(r, type_name, n) for r in reached) for n in names):
                return True
        return False

    def resolves_any_way(self, index: int, type_name: str, field_name: str) -> bool:
        type_def = self.ctx.types.get(type_name)
        return self.resolves(index, type_name, field_name) or (
            type_def is not None
            and _through_interface_object(self.ctx, self, index, type_def, field_name)
        )

    def runtime_candidates(
        self, abstract: str, concrete: str, candidates: Candidates
    ) -> Candidates:
        result = set()
        for index in candidates:
            own = self.ctx.subgraphs[index].types.get(abstract)
            if own is None:
                continue
            if self.ctx.facts[index].is_interface_object(own):
                # The interface's subgraphs know the concrete type; reach them through the key.
                for target in self.key_targets(index, abstract):
                    if self._knows_runtime_type(target, abstract, concrete):
                        result.add(target)
            elif self._knows_runtime_type(index, abstract, concrete):
                result.add(index)
        return frozenset(result)

    def _knows_runtime_type(self, index: int, abstract: str, concrete: str) -> bool:
        types = self.ctx.subgraphs[index].types
        own, runtime = types.get(abstract), types.get(concrete)
        if own is None or runtime is None:
            return False
        return concrete in own.members if own.kind == "union" else abstract in runtime.interfaces


def _hidden(type_def: TypeDef | None) -> bool:
    return type_def is None or has_directive(type_def.directives, "inaccessible")


def check_satisfiability(ctx: MergeContext) -> None:
    reach = _Reachability(ctx)
    everyone = range(len(ctx.subgraphs))
    queue: deque[tuple[str, Candidates, str]] = deque()
    seen: set[tuple[str, Candidates]] = set()
    reported: set[str] = set()

    def visit(type_name: str, candidates: Candidates, path: str) -> None:
        if candidates and (type_name, candidates) not in seen and len(seen) < MAX_STATES:
            seen.add((type_name, candidates))
            queue.append((type_name, candidates, path))

    for root in ROOT_NAMES.values():
        root_type = ctx.types.get(root)
        for field in root_type.fields.values() if root_type else ():
            if not has_directive(field.directives, "inaccessible"):
                owners = frozenset(i for i in everyone if reach.resolves(i, root, field.name))
                visit(named_type(field.type), owners, f"{root}.{field.name}")

    while queue:
        type_name, candidates, path = queue.popleft()
        type_def = ctx.types.get(type_name)
        if _hidden(type_def) or type_def is None:
            continue
        if type_def.kind in ("interface", "union"):
            possible = (
                type_def.members
                if type_def.kind == "union"
                else [t.name for t in ctx.types.values() if type_name in t.interfaces]
            )
            for concrete in possible:
                visit(concrete, reach.runtime_candidates(type_name, concrete, candidates), path)
            if type_def.kind == "union":
                continue
        if type_def.kind not in ("object", "interface"):
            continue
        jumps = {index: reach.key_targets(index, type_name) for index in candidates}
        for field in type_def.fields.values():
            if has_directive(field.directives, "inaccessible"):
                continue
            options = frozenset(
                target
                for index in candidates
                for target in jumps[index]
                if reach.resolves_any_way(target, type_name, field.name)
            )
            coordinate = f"{type_name}.{field.name}"
            if not options:
                if type_def.kind == "interface":
                    continue  # checked on each implementation instead
                if coordinate not in reported:
                    reported.add(coordinate)
                    _report(ctx, reach, type_name, field.name, candidates, path)
                continue
            visit(named_type(field.type), options, f"{path} → {coordinate}")


def _through_interface_object(
    ctx: MergeContext, reach: _Reachability, index: int, type_def: TypeDef, field_name: str
) -> bool:
    """Whether a subgraph resolves an object's field through an @interfaceObject."""
    subgraph = ctx.subgraphs[index]
    for interface in type_def.interfaces:
        stand_in = subgraph.types.get(interface)
        if (
            stand_in is not None
            and ctx.facts[index].is_interface_object(stand_in)
            and reach.resolves(index, interface, field_name)
        ):
            return True
    return False


def _report(
    ctx: MergeContext,
    reach: _Reachability,
    type_name: str,
    field_name: str,
    candidates: Candidates,
    path: str,
) -> None:
    resolvers = [i for i in range(len(ctx.subgraphs)) if reach.resolves(i, type_name, field_name)]
    origin = ", ".join(ctx.subgraphs[i].name for i in sorted(candidates))
    where = ", ".join(ctx.subgraphs[i].name for i in resolvers) or "no subgraph"
    ctx.error(
        sorted(set(candidates) | set(resolvers)),
        f"{type_name}.{field_name}",
        f"cannot be reached when {type_name} comes from {origin} (via {path}): "
        f"it is resolved by {where}, which {origin} cannot jump to "
        f"(no resolvable @key on {type_name} there whose fields {origin} has)",
    )
