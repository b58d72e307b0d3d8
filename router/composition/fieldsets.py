"""Field sets (`@key(fields:)`, `@requires(fields:)`, `@provides(fields:)`) resolved in a subgraph.

A field set is a selection set without its outer braces. Resolving it against the subgraph's types
gives the fields it selects (the federation spec calls them the directive's "target fields"), or
readable problems when it selects something that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    FieldNode,
    GraphQLSyntaxError,
    InlineFragmentNode,
    SelectionSetNode,
    print_ast,
)

from router.composition.model import Field, TypeDef
from router.sdl import named_type, parse_field_set


@dataclass
class Target:
    type_name: str
    field_name: str
    field: Field

    @property
    def coordinate(self) -> str:
        return f"{self.type_name}.{self.field_name}"


@dataclass
class FieldSetResult:
    targets: list[Target] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    with_arguments: list[str] = field(default_factory=list)  # selected fields given arguments


def valid_field_set(text: str) -> SelectionSetNode | None:
    """The field set's selection, or None when it does not parse (composition reports it)."""
    try:
        return parse_field_set(text)
    except GraphQLSyntaxError:
        return None


def resolve_field_set(
    types: dict[str, TypeDef], parent: str, text: str, with_implementations: bool = True
) -> FieldSetResult:
    """The fields `text` selects from type `parent`; `problems` says what does not resolve."""
    result = FieldSetResult()
    selection_set = valid_field_set(text)
    if selection_set is None:
        result.problems.append(f'"{text}" is not a valid selection')
        return result
    _walk(types, parent, selection_set, result, with_implementations)
    return result


def _implementations(types: dict[str, TypeDef], interface: str) -> list[TypeDef]:
    return [t for t in types.values() if t.kind == "object" and interface in t.interfaces]


def _walk(
    types: dict[str, TypeDef],
    parent_name: str,
    selection_set: SelectionSetNode,
    result: FieldSetResult,
    with_implementations: bool,
) -> None:
    parent = types.get(parent_name)
    for selection in selection_set.selections:
        if isinstance(selection, InlineFragmentNode):
            condition = (
                selection.type_condition.name.value if selection.type_condition else parent_name
            )
            if condition not in types:
                result.problems.append(f"type condition {condition} is not defined")
                continue
            _walk(types, condition, selection.selection_set, result, with_implementations)
            continue
        if not isinstance(selection, FieldNode):
            result.problems.append("fragment spreads are not allowed in a field set")
            continue
        name = selection.name.value
        if name == "__typename":
            continue
        target = (
            parent.fields.get(name) if parent and parent.kind in ("object", "interface") else None
        )
        if target is None:
            result.problems.append(f"{parent_name}.{name} does not exist")
            continue
        if selection.arguments:
            result.with_arguments.append(f"{parent_name}.{name}")
        result.targets.append(Target(parent_name, name, target))
        if with_implementations and parent is not None and parent.kind == "interface":
            for implementation in _implementations(types, parent_name):
                implemented = implementation.fields.get(name)
                if implemented is not None:
                    result.targets.append(Target(implementation.name, name, implemented))
        child_name = named_type(target.type)
        child = types.get(child_name)
        is_composite = child is not None and child.kind in ("object", "interface", "union")
        if selection.selection_set is not None:
            if not is_composite:
                result.problems.append(
                    f"{parent_name}.{name} is a leaf and cannot have a selection"
                )
            else:
                _walk(types, child_name, selection.selection_set, result, with_implementations)
        elif is_composite:
            result.problems.append(
                f"{parent_name}.{name} is of type {child_name} and needs a selection"
            )


def compact(selection_set: SelectionSetNode) -> str:
    """A selection printed on one line the way Apollo prints field sets: `a b { c d }`."""
    parts = []
    for selection in selection_set.selections:
        if isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            head = f"... on {condition.name.value}" if condition else "..."
            parts.append(f"{head} {{ {compact(selection.selection_set)} }}")
        elif isinstance(selection, FieldNode):
            text = selection.name.value
            if selection.alias:
                text = f"{selection.alias.value}: {text}"
            if selection.arguments:
                text += "(" + ", ".join(print_ast(arg) for arg in selection.arguments) + ")"
            if selection.selection_set:
                text += f" {{ {compact(selection.selection_set)} }}"
            parts.append(text)
    return " ".join(parts)
