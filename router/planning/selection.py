"""Selections: collecting a client's fields per type, and building subgraph selections.

Every field the router fetches is stored in its results under a *canonical key*: the field
name, plus a short hash of its arguments when it has any, prefixed by the client's alias when
it has one. Response keys are applied only when the response is shaped, so fields the router
adds (keys, `@requires`) and fields the client asked for under other names share one namespace
without conflicts, and two aliases of one field stay apart.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from graphql import (
    ArgumentNode,
    BooleanValueNode,
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    print_ast,
)

TYPENAME = "__typename"
T = TypeVar("T")


def canonical_key(name: str, arguments: Iterable[ArgumentNode] | None) -> str:
    """Where the value of `name(arguments)` is kept in fetched data."""
    args = tuple(arguments or ())
    if not args:
        return name
    text = ",".join(sorted(f"{a.name.value}:{print_ast(a.value)}" for a in args))
    return f"{name}_{hashlib.blake2s(text.encode(), digest_size=4).hexdigest()}"


def field_key(node: FieldNode) -> str:
    """The data key of a client's field: its canonical key, prefixed by its alias if it has
    one. Fields under different response keys execute apart (GraphQL spec, ExecuteField), so
    two aliases of one field never share a subgraph field, its value or its errors."""
    key = canonical_key(node.name.value, node.arguments)
    alias = node.alias.value if node.alias else None
    if alias is None or alias == node.name.value:
        return key
    return f"{alias}__{key}"


def is_included(node: Any, variables: Mapping[str, Any]) -> bool:
    """Evaluate `@skip` / `@include` of a selection with the request's variables."""
    for directive in node.directives or ():
        name = directive.name.value
        if name not in ("skip", "include"):
            continue
        value: Any = False
        for arg in directive.arguments or ():
            if arg.name.value == "if":
                value = _bool_value(arg.value, variables)
        if (name == "skip" and value) or (name == "include" and not value):
            return False
    return True


def active_defer(node: Any, variables: Mapping[str, Any]) -> DirectiveNode | None:
    """The `@defer` of a fragment when it defers (no `if`, or `if` true with these variables)."""
    for directive in node.directives or ():
        if directive.name.value != "defer":
            continue
        for arg in directive.arguments or ():
            if arg.name.value == "if" and not _bool_value(arg.value, variables):
                return None
        return directive
    return None


def defer_label(directive: DirectiveNode) -> str | None:
    for arg in directive.arguments or ():
        if arg.name.value == "label" and isinstance(arg.value, StringValueNode):
            return arg.value.value
    return None


@dataclass(frozen=True)
class DeferredFragment:
    """A fragment whose fields come in a later payload: where it is written, its label, the
    selection it delivers and the type it applies to."""

    node: InlineFragmentNode | FragmentSpreadNode
    label: str | None
    selection_set: SelectionSetNode
    type_condition: str | None


def _bool_value(value: ValueNode, variables: Mapping[str, Any]) -> bool:
    if isinstance(value, BooleanValueNode):
        return value.value
    if isinstance(value, VariableNode):
        return bool(variables.get(value.name.value))
    return False


def response_key(node: FieldNode) -> str:
    """Where the client reads a field: its alias, else its name."""
    return node.alias.value if node.alias else node.name.value


def collect_fields(
    type_: T,
    selection_sets: Iterable[SelectionSetNode],
    *,
    applies: Callable[[str | None, T], bool],
    key: Callable[[FieldNode], str],
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    defers: bool,
) -> dict[str, list[FieldNode]]:
    """CollectFields (GraphQL spec §6.3.2): the fields of `selection_sets` that apply to
    `type_` (`applies(type condition, type_)`), grouped by `key`. With `defers`, fragments that
    `@defer` are left out: they are planned and shaped apart. Planning groups by canonical key
    (`field_key`), shaping by response key; each names its type its own way (`T`)."""
    fields: dict[str, list[FieldNode]] = {}

    def collect(selection_set: SelectionSetNode, visited: set[str]) -> None:
        for selection in selection_set.selections:
            if not is_included(selection, variables):
                continue
            if isinstance(selection, FieldNode):
                fields.setdefault(key(selection), []).append(selection)
            elif defers and active_defer(selection, variables):
                continue
            elif isinstance(selection, InlineFragmentNode):
                condition = (
                    selection.type_condition.name.value if selection.type_condition else None
                )
                if applies(condition, type_):
                    collect(selection.selection_set, visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is None or name in visited:
                    continue
                visited.add(name)
                if applies(fragment.type_condition.name.value, type_):
                    collect(fragment.selection_set, visited)

    for selection_set in selection_sets:
        collect(selection_set, set())
    return fields


class FieldCollector:
    """`collect_fields` for planning: keyed by canonical key, types named by name.

    With `defers`, fragments that `@defer` are left out (`deferred` finds them): the planner
    plans them apart, as later fetches."""

    def __init__(
        self,
        possible_types: Any,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        defers: bool = False,
    ) -> None:
        self._possible_types = possible_types
        self.fragments = fragments
        self.variables = variables
        self.defers = defers

    def applies(self, condition: str | None, type_name: str) -> bool:
        if condition is None or condition == type_name:
            return True
        return type_name in self._possible_types(condition)

    def collect(
        self, type_name: str, selection_sets: Iterable[SelectionSetNode]
    ) -> dict[str, list[FieldNode]]:
        return collect_fields(
            type_name,
            selection_sets,
            applies=self.applies,
            key=field_key,
            fragments=self.fragments,
            variables=self.variables,
            defers=self.defers,
        )

    def deferred(
        self, type_name: str, selection_sets: Iterable[SelectionSetNode]
    ) -> list[DeferredFragment]:
        """The deferring fragments that apply to `type_name` at this level: directly in the
        selections or inside fragments that do not defer (not inside deferring ones: those
        are found when their own selection is planned)."""
        found: list[DeferredFragment] = []
        for selection_set in selection_sets:
            self._find_deferred(type_name, selection_set, found, set())
        return found

    def _find_deferred(
        self,
        type_name: str,
        selection_set: SelectionSetNode,
        found: list[DeferredFragment],
        visited: set[str],
    ) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode) or not is_included(selection, self.variables):
                continue
            if isinstance(selection, InlineFragmentNode):
                condition = (
                    selection.type_condition.name.value if selection.type_condition else None
                )
                inner = selection.selection_set
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is None or selection.name.value in visited:
                    continue
                visited.add(selection.name.value)
                condition, inner = fragment.type_condition.name.value, fragment.selection_set
            else:
                continue
            if not self.applies(condition, type_name):
                continue
            directive = active_defer(selection, self.variables)
            if directive is None:
                self._find_deferred(type_name, inner, found, visited)
            else:
                found.append(DeferredFragment(selection, defer_label(directive), inner, condition))


class FieldSelection:
    """One field in a subgraph selection."""

    __slots__ = ("alias", "arguments", "name", "selection")

    def __init__(self, name: str, arguments: tuple[ArgumentNode, ...]) -> None:
        self.name = name
        self.arguments = arguments
        self.selection: SelectionTree | None = None
        # Set when the canonical key would clash inside the subgraph query (same name,
        # different types in sibling fragments); undone by `restore_aliases`.
        self.alias: str | None = None


class SelectionTree:
    """A selection set being built for a subgraph query."""

    __slots__ = ("fields", "fragments")

    def __init__(self) -> None:
        self.fields: dict[str, FieldSelection] = {}
        self.fragments: dict[str, SelectionTree] = {}

    def add_typename(self) -> None:
        self.fields.setdefault(TYPENAME, FieldSelection(TYPENAME, ()))

    def add_field(self, key: str, name: str, arguments: tuple[ArgumentNode, ...]) -> FieldSelection:
        existing = self.fields.get(key)
        if existing is None:
            existing = self.fields[key] = FieldSelection(name, arguments)
        return existing

    def add_composite(
        self, key: str, name: str, arguments: tuple[ArgumentNode, ...]
    ) -> SelectionTree:
        field = self.add_field(key, name, arguments)
        if field.selection is None:
            field.selection = SelectionTree()
        return field.selection

    def fragment(self, type_name: str) -> SelectionTree:
        tree = self.fragments.get(type_name)
        if tree is None:
            tree = self.fragments[type_name] = SelectionTree()
        return tree

    def is_empty(self) -> bool:
        return not self.fields and all(f.is_empty() for f in self.fragments.values())

    def merge(self, other: SelectionTree) -> None:
        for key, field in other.fields.items():
            mine = self.add_field(key, field.name, field.arguments)
            if field.selection is not None:
                if mine.selection is None:
                    mine.selection = SelectionTree()
                mine.selection.merge(field.selection)
        for type_name, tree in other.fragments.items():
            self.fragment(type_name).merge(tree)

    def alias_ambiguous(self, ambiguous: frozenset[str], type_name: str | None = None) -> bool:
        """Alias fields whose name has different types across the subgraph's types, when
        they sit in a type-conditioned fragment (where they could clash)."""
        changed = False
        for key, field in self.fields.items():
            if type_name is not None and field.name in ambiguous:
                field.alias = f"{key}__{type_name}"
                changed = True
            if field.selection is not None:
                changed = field.selection.alias_ambiguous(ambiguous) or changed
        for condition, tree in self.fragments.items():
            changed = tree.alias_ambiguous(ambiguous, condition) or changed
        return changed

    def print(self, variables: set[str]) -> str:
        """GraphQL text of this selection set; collects the variables it uses."""
        parts: list[str] = []
        for key, field in self.fields.items():
            out_key = field.alias or key
            text = field.name if out_key == field.name else f"{out_key}:{field.name}"
            if field.arguments:
                for arg in field.arguments:
                    _collect_variables(arg.value, variables)
                text += "(" + ",".join(print_ast(a) for a in field.arguments) + ")"
            if field.selection is not None:
                inner = field.selection.print(variables)
                text += inner if inner else "{__typename}"
            parts.append(text)
        for type_name, tree in self.fragments.items():
            if not tree.is_empty():
                parts.append(f"...on {type_name}" + tree.print(variables))
        return "{" + " ".join(parts) + "}" if parts else ""


def _collect_variables(value: ValueNode, variables: set[str]) -> None:
    if isinstance(value, VariableNode):
        variables.add(value.name.value)
    elif isinstance(value, ListValueNode):
        for item in value.values:
            _collect_variables(item, variables)
    elif isinstance(value, ObjectValueNode):
        for object_field in value.fields:
            _collect_variables(object_field.value, variables)


def restore_aliases(value: Any, tree: SelectionTree) -> None:
    """Move values fetched under `alias_ambiguous` aliases back to their canonical keys."""
    if isinstance(value, list):
        for item in value:
            restore_aliases(item, tree)
        return
    if not isinstance(value, dict):
        return
    for key, field in tree.fields.items():
        if field.alias is not None and field.alias in value:
            value[key] = value.pop(field.alias)
        if field.selection is not None:
            child = value.get(key)
            if child is not None:
                restore_aliases(child, field.selection)
    for fragment in tree.fragments.values():
        restore_aliases(value, fragment)
