"""Query plans: fetches to subgraphs and the order they run in.

A plan is a set of fetches with dependencies (a DAG). `describe()` renders it in the
familiar Sequence / Parallel / Flatten / Fetch form for tests and debugging.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode

from router.planning.selection import SelectionTree

ENTITIES_VARIABLE = "representations"


@dataclass
class Representation:
    """How to build a representation from an object whose `__typename` matched."""

    typename: str
    selection: SelectionTree = field(default_factory=SelectionTree)
    # (data key, representation key) of each field when the key is flat (only leaf fields,
    # no fragments): the executor then reads the representation straight off the object.
    flat: tuple[tuple[str, str], ...] | None = None

    def finalize(self) -> None:
        tree = self.selection
        if tree.fragments or any(f.selection is not None for f in tree.fields.values()):
            self.flat = None
        else:
            self.flat = tuple((key, f.name) for key, f in tree.fields.items())


@dataclass
class EntityTarget:
    """Where an entity fetch finds its objects, how it builds their representations, and what
    those objects need from the subgraph."""

    path: tuple[str, ...]
    representations: dict[str, Representation]
    selection: SelectionTree


@dataclass
class EntityCall:
    """One `_entities` field of an entity fetch, for the targets that need the same selection.

    Targets that need different selections get their own field in the same request, so a
    field error for one path's objects never nulls another path's objects (each response
    path executes apart); targets with one selection share a field and its de-duplication.
    """

    field: str  # the response key of this `_entities` field in the subgraph's answer
    variable: str  # the variable holding its representations
    selection: SelectionTree
    targets: list[EntityTarget]
    has_aliases: bool = False


@dataclass(eq=False)
class Fetch:
    """One request to one subgraph (a root query/mutation or an `_entities` call)."""

    id: int
    graph: str
    operation_type: str
    path: tuple[str, ...] = ()
    parent: Fetch | None = None
    selection: SelectionTree = field(default_factory=SelectionTree)
    representations: dict[str, Representation] | None = None
    depends_on: set[Fetch] = field(default_factory=set)
    query: str = ""
    variable_names: tuple[str, ...] = ()
    has_aliases: bool = False
    # Set when planning is done: one target per path (several once fetches are merged),
    # grouped into `_entities` calls by the selection they need.
    targets: list[EntityTarget] = field(default_factory=list)
    calls: list[EntityCall] = field(default_factory=list)
    # The deferred part (`DeferredPart.id`) this fetch runs for; 0: the initial response.
    defer: int = 0

    @property
    def is_entity(self) -> bool:
        return self.representations is not None

    def ancestors(self) -> set[Fetch]:
        seen: set[Fetch] = set()
        stack = list(self.depends_on)
        while stack:
            fetch = stack.pop()
            if fetch not in seen:
                seen.add(fetch)
                stack.extend(fetch.depends_on)
        return seen

    def finalize(self, variable_types: dict[str, str], ambiguous: frozenset[str]) -> None:
        """Print the subgraph operation text once, when planning is done."""
        used: set[str] = set()
        if self.is_entity:
            body, definitions = self._entity_calls(ambiguous, used)
        else:
            self.has_aliases = self.selection.alias_ambiguous(ambiguous)
            body, definitions = self.selection.print(used), []
        self.variable_names = tuple(sorted(name for name in used if name in variable_types))
        definitions += [f"${name}:{variable_types[name]}" for name in self.variable_names]
        head = self.operation_type
        if definitions:
            head += "(" + ",".join(definitions) + ")"
        self.query = head + body

    def entity_targets(self) -> list[EntityTarget]:
        """The targets of an entity fetch: its own path until other fetches merge into it."""
        if not self.targets:
            self.targets = [EntityTarget(self.path, self.representations or {}, self.selection)]
        return self.targets

    def _entity_calls(self, ambiguous: frozenset[str], used: set[str]) -> tuple[str, list[str]]:
        by_text: dict[str, EntityCall] = {}
        for target in self.entity_targets():
            for representation in target.representations.values():
                representation.finalize()
            aliased = target.selection.alias_ambiguous(ambiguous)
            text = target.selection.print(used)
            call = by_text.get(text)
            if call is None:
                call = by_text[text] = EntityCall("", "", target.selection, [], aliased)
            call.targets.append(target)
        self.calls = list(by_text.values())
        single = len(self.calls) == 1
        fields, definitions = [], []
        for index, (text, call) in enumerate(zip(by_text, self.calls, strict=True)):
            call.field = "_entities" if single else f"_{index}"
            call.variable = ENTITIES_VARIABLE if single else f"{ENTITIES_VARIABLE}_{index}"
            alias = "" if single else f"{call.field}:"
            fields.append(f"{alias}_entities(representations:${call.variable}){text}")
            definitions.append(f"${call.variable}:[_Any!]!")
        return "{" + " ".join(fields) + "}", definitions

    def describe(self) -> str:
        text = f'Fetch(service: "{self.graph}") {self.query}'
        if len(self.targets) > 1:
            paths = ", ".join(f'"{".".join(t.path)}"' for t in self.targets)
            text = f"Flatten(paths: [{paths}]) {{ {text} }}"
        elif self.is_entity:
            text = f'Flatten(path: "{".".join(self.path)}") {{ {text} }}'
        return text


@dataclass(eq=False)
class DeferredPart:
    """A deferred fragment at one position: its fetches run after the initial response (or its
    parent part's payload) is sent, and it is delivered as its own incremental payload for
    each object at `path`."""

    id: int
    label: str | None
    path: tuple[str, ...]  # data path of the objects it completes ("@": into list items)
    type_name: str  # the type at that position (the object's __typename decides when abstract)
    type_condition: str | None
    selection_set: SelectionSetNode  # what the payload holds, shaped onto each object
    parent: DeferredPart | None = None
    fetches: list[Fetch] = field(default_factory=list)
    children: list[DeferredPart] = field(default_factory=list)

    def describe(self, indent: str) -> str:
        head = f'Deferred(path: "{".".join(self.path)}"'
        if self.label is not None:
            head += f', label: "{self.label}"'
        lines = [f"{indent}{head}) {{"]
        lines.extend(f"{indent}  {line}" for line in _steps(self.fetches))
        lines.extend(child.describe(indent + "  ") for child in self.children)
        lines.append(f"{indent}}}")
        return "\n".join(lines)


def _steps(fetches: list[Fetch]) -> list[str]:
    """Fetches as Parallel steps in dependency order (dependencies outside the list are met)."""
    done: set[Fetch] = set()
    steps: list[list[Fetch]] = []
    remaining = list(fetches)
    inside = set(fetches)
    while remaining:
        ready = [f for f in remaining if (f.depends_on & inside) <= done]
        if not ready:  # pragma: no cover - the planner never builds cycles
            raise RuntimeError("cycle in query plan")
        steps.append(ready)
        done.update(ready)
        remaining = [f for f in remaining if f not in done]
    lines = []
    for step in steps:
        if len(step) == 1:
            lines.append(step[0].describe())
        else:
            lines.append("Parallel {")
            lines.extend("  " + f.describe() for f in step)
            lines.append("}")
    return lines


@dataclass
class QueryPlan:
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    fetches: list[Fetch]
    root_fields: dict[str, list[FieldNode]]
    introspection: bool = False
    shape_cache: dict[Any, Any] = field(default_factory=dict)
    # data keys of the root fields whose type is non-null: one of them null makes data null
    non_null_roots: frozenset[str] = frozenset()
    # Planned for incremental delivery: `fetches` are the initial response's, and each
    # deferred fragment is a part (the top-level ones here; nested ones are their children).
    defer: bool = False
    deferred: tuple[DeferredPart, ...] = ()
    # shapes with every fragment (deferred ones too): response paths of deferred payloads
    full_shape_cache: dict[Any, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """Sequence of Parallel steps, in dependency order; then the deferred parts."""
        lines = ["  " + line for line in _steps(self.fetches)]
        text = "QueryPlan {\n  Sequence {\n" + "\n".join("  " + line for line in lines) + "\n  }"
        if self.deferred:
            text += "\n" + "\n".join(part.describe("  ") for part in self.deferred)
        return text + "\n}"
