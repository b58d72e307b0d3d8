"""Two readers of SDL syntax that composition and planning share.

A *field set* (`@key(fields:)`, `@requires`, `@provides`, `join__FieldSet`) is a selection
set written without its outer braces. A *type reference* (`[Review!]!`) wraps a named type in
lists and non-nulls; planning and composition need the named type, sometimes the list depth.
The supergraph also writes type references as strings (`join__field(type: "[Review!]!")`),
so `named_type` reads both forms.
"""

from __future__ import annotations

from graphql import (
    ListTypeNode,
    NamedTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TypeNode,
    parse,
)


def parse_field_set(text: str) -> SelectionSetNode:
    """The selection set of a field set; raises GraphQLSyntaxError when it is not one."""
    operation = parse("{" + text + "}", no_location=True).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return operation.selection_set


def named_type(type_ref: TypeNode | str) -> str:
    """The named type inside a type reference (`[Review!]!` -> `Review`)."""
    if isinstance(type_ref, str):
        return type_ref.strip("[]!")
    while isinstance(type_ref, NonNullTypeNode | ListTypeNode):
        type_ref = type_ref.type
    assert isinstance(type_ref, NamedTypeNode)
    return type_ref.name.value


def list_depth(type_ref: TypeNode) -> int:
    """How many lists a type reference nests (`[[Int]!]` -> 2)."""
    depth = 0
    while isinstance(type_ref, NonNullTypeNode | ListTypeNode):
        if isinstance(type_ref, ListTypeNode):
            depth += 1
        type_ref = type_ref.type
    return depth
