"""The client-facing API schema of a supergraph.

The supergraph SDL minus its machinery: `join__`/`link__` types and directives, every
directive definition that is not GraphQL's own, and every element marked `@inaccessible`.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DirectiveDefinitionNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    FieldDefinitionNode,
    GraphQLSchema,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    NamedTypeNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    UnionTypeDefinitionNode,
    UnionTypeExtensionNode,
    build_ast_schema,
    parse,
    print_schema,
)

from router.sdl import named_type

KEPT_DIRECTIVES = frozenset({"deprecated", "specifiedBy", "oneOf"})
# The router splits deferred fragments into later payloads (router.execution.incremental), so
# clients may use @defer, as graphql-core's own definition says it.
DEFER = parse(
    "directive @defer(if: Boolean! = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT"
).definitions[0]


def _inaccessible(node: Any) -> bool:
    return any(d.name.value == "inaccessible" for d in getattr(node, "directives", None) or ())


def _kept_directives(node: Any) -> tuple[Any, ...]:
    return tuple(
        d for d in getattr(node, "directives", None) or () if d.name.value in KEPT_DIRECTIVES
    )


def _is_machinery(name: str) -> bool:
    return name.startswith(("join__", "link__"))


def _clean_args(args: Any) -> tuple[InputValueDefinitionNode, ...]:
    return tuple(
        arg.__class__(**{**_fields(arg), "directives": _kept_directives(arg)})
        for arg in args or ()
        if not _inaccessible(arg)
    )


def _fields(node: Any) -> dict[str, Any]:
    return {key: getattr(node, key) for key in node.keys}


def _clean_field(node: FieldDefinitionNode, hidden: set[str]) -> FieldDefinitionNode | None:
    if _inaccessible(node) or named_type(node.type) in hidden:
        return None
    return FieldDefinitionNode(
        **{
            **_fields(node),
            "arguments": _clean_args(node.arguments),
            "directives": _kept_directives(node),
        }
    )


def _clean_type(node: Any, hidden: set[str]) -> Any:
    values: dict[str, Any] = {**_fields(node), "directives": _kept_directives(node)}
    if isinstance(
        node,
        ObjectTypeDefinitionNode
        | ObjectTypeExtensionNode
        | InterfaceTypeDefinitionNode
        | InterfaceTypeExtensionNode,
    ):
        cleaned = [_clean_field(f, hidden) for f in node.fields or ()]
        values["fields"] = tuple(f for f in cleaned if f is not None)
        values["interfaces"] = tuple(i for i in node.interfaces or () if i.name.value not in hidden)
    elif isinstance(node, InputObjectTypeDefinitionNode | InputObjectTypeExtensionNode):
        values["fields"] = tuple(
            f.__class__(**{**_fields(f), "directives": _kept_directives(f)})
            for f in node.fields or ()
            if not _inaccessible(f)
        )
    elif isinstance(node, EnumTypeDefinitionNode | EnumTypeExtensionNode):
        values["values"] = tuple(
            v.__class__(**{**_fields(v), "directives": _kept_directives(v)})
            for v in node.values or ()
            if not _inaccessible(v)
        )
    elif isinstance(node, UnionTypeDefinitionNode | UnionTypeExtensionNode):
        values["types"] = tuple(
            t
            for t in node.types or ()
            if isinstance(t, NamedTypeNode) and t.name.value not in hidden
        )
    return node.__class__(**values)


def api_document(document: DocumentNode) -> DocumentNode:
    """The supergraph document reduced to what clients may see."""
    hidden = {
        d.name.value
        for d in document.definitions
        if isinstance(d, TypeDefinitionNode) and _inaccessible(d)
    }
    definitions: list[Any] = [DEFER]
    for definition in document.definitions:
        if isinstance(definition, DirectiveDefinitionNode):
            continue
        if isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
            definitions.append(definition.__class__(**{**_fields(definition), "directives": ()}))
            continue
        if isinstance(definition, TypeDefinitionNode | TypeExtensionNode):
            name = definition.name.value
            if _is_machinery(name) or name in hidden:
                continue
            definitions.append(_clean_type(definition, hidden))
    return DocumentNode(definitions=tuple(definitions))


def build_api_schema(document: DocumentNode) -> GraphQLSchema:
    return build_ast_schema(api_document(document), assume_valid_sdl=True)


def print_api_schema(supergraph_sdl: str) -> str:
    """The API schema as SDL (`schema/api.graphql`): what web and mobile codegen read."""
    return print_schema(build_api_schema(parse(supergraph_sdl)))
