"""Type references across subgraphs: when two are compatible, and which one the supergraph keeps.

Federation lets subgraphs disagree on a field's type when one is a subtype of the other: `User!`
is a subtype of `User`, an object of an interface it implements or of a union it belongs to, and
lists and non-nulls carry that inside. Output positions keep the most general type (every
subgraph's answer fits it); input positions keep the most specific (every subgraph accepts it).
"""

from __future__ import annotations

from collections.abc import Callable

from graphql import ListTypeNode, NamedTypeNode, NonNullTypeNode, TypeNode, print_ast

# is_member(abstract, concrete): whether `concrete` implements / belongs to `abstract`.
MemberTest = Callable[[str, str], bool]


def same_type(a: TypeNode, b: TypeNode) -> bool:
    return print_ast(a) == print_ast(b)


def is_strict_subtype(general: TypeNode, candidate: TypeNode, is_member: MemberTest) -> bool:
    """Whether `candidate` is a subtype of `general` without being the same type."""
    if isinstance(candidate, NonNullTypeNode):
        if isinstance(general, NonNullTypeNode):
            return is_strict_subtype(general.type, candidate.type, is_member)
        return same_type(general, candidate.type) or is_strict_subtype(
            general, candidate.type, is_member
        )
    if isinstance(candidate, ListTypeNode):
        return isinstance(general, ListTypeNode) and is_strict_subtype(
            general.type, candidate.type, is_member
        )
    if isinstance(candidate, NamedTypeNode) and isinstance(general, NamedTypeNode):
        return candidate.name.value != general.name.value and is_member(
            general.name.value, candidate.name.value
        )
    return False


def merge_type_refs(
    types: list[TypeNode], is_member: MemberTest, input_position: bool
) -> tuple[TypeNode, bool, bool]:
    """The supergraph type of an element typed `types` in its subgraphs.

    Returns (type, all_equal, compatible)."""
    merged = types[0]
    all_equal = True
    compatible = True
    for current in types[1:]:
        if same_type(merged, current):
            continue
        if is_strict_subtype(merged, current, is_member):
            all_equal = False
            if input_position:
                merged = current
        elif is_strict_subtype(current, merged, is_member):
            all_equal = False
            if not input_position:
                merged = current
        else:
            compatible = False
    return merged, all_equal, compatible
