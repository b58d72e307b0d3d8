"""Read one subgraph SDL into composition's model, without the federation plumbing.

What `_service { sdl }` returns also describes the federation machinery (`_Service`, `_Entity`,
`_Any`, `Query._entities`, `Query._service`, the `@link` and federation directive definitions);
none of it belongs to the supergraph, so it is dropped here. Federation directives are renamed
to their canonical names, root types to `Query` / `Mutation` / `Subscription`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    DirectiveDefinitionNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    FieldDefinitionNode,
    GraphQLSyntaxError,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ListTypeNode,
    NamedTypeNode,
    NameNode,
    NonNullTypeNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    ScalarTypeDefinitionNode,
    ScalarTypeExtensionNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    TypeNode,
    UnionTypeDefinitionNode,
    UnionTypeExtensionNode,
    parse,
)

from router.composition.errors import CompositionError
from router.composition.links import (
    DEMAND_DIRECTIVES,
    DEMAND_MIN_VERSION,
    FEDERATION_DIRECTIVES,
    FederationNames,
    read_links,
)
from router.composition.model import (
    AppliedDirective,
    EnumValue,
    Field,
    InputValue,
    TypeDef,
    TypeKind,
)

ROOT_NAMES = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}
BUILTIN_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})
BUILTIN_DIRECTIVES = frozenset({"deprecated", "specifiedBy", "skip", "include", "oneOf"})
FEDERATION_PLUMBING_TYPES = frozenset({"_Service", "_Entity", "_Any", "_FieldSet"})
FEDERATION_ROOT_FIELDS = frozenset({"_entities", "_service"})

_KINDS: dict[type, TypeKind] = {
    ObjectTypeDefinitionNode: "object",
    ObjectTypeExtensionNode: "object",
    InterfaceTypeDefinitionNode: "interface",
    InterfaceTypeExtensionNode: "interface",
    UnionTypeDefinitionNode: "union",
    UnionTypeExtensionNode: "union",
    EnumTypeDefinitionNode: "enum",
    EnumTypeExtensionNode: "enum",
    InputObjectTypeDefinitionNode: "input",
    InputObjectTypeExtensionNode: "input",
    ScalarTypeDefinitionNode: "scalar",
    ScalarTypeExtensionNode: "scalar",
}
_EXTENSIONS = (
    ObjectTypeExtensionNode,
    InterfaceTypeExtensionNode,
    UnionTypeExtensionNode,
    EnumTypeExtensionNode,
    InputObjectTypeExtensionNode,
    ScalarTypeExtensionNode,
)


@dataclass
class Subgraph:
    name: str
    url: str
    types: dict[str, TypeDef]
    names: FederationNames
    directive_definitions: dict[str, DirectiveDefinitionNode] = field(default_factory=dict)
    composed_directives: list[str] = field(default_factory=list)  # local names
    roots: dict[str, str] = field(default_factory=dict)  # operation -> type name present
    description: str | None = None  # of the schema definition
    # Demand control directives applied here: canonical name -> the name this subgraph uses.
    demand_names: dict[str, str] = field(default_factory=dict)

    def type(self, name: str) -> TypeDef | None:
        return self.types.get(name)


class _Reader:
    def __init__(self, name: str, document: DocumentNode) -> None:
        self.subgraph_name = name
        self.document = document
        schema_nodes = [
            d
            for d in document.definitions
            if isinstance(d, (SchemaDefinitionNode, SchemaExtensionNode))
        ]
        schema_directives = [
            directive for node in schema_nodes for directive in node.directives or ()
        ]
        self.names = read_links(schema_directives)
        self.schema_directives = schema_directives
        self.defined_directives = {
            d.name.value for d in document.definitions if isinstance(d, DirectiveDefinitionNode)
        }
        self.unknown: list[str] = []
        self.demand_names: dict[str, str] = {}
        self.description = next(
            (
                node.description.value
                for node in schema_nodes
                if isinstance(node, SchemaDefinitionNode) and node.description
            ),
            None,
        )
        # Root types named otherwise (`schema { query: RootQuery }`) become Query & co.
        self.renames: dict[str, str] = {}
        for node in schema_nodes:
            for operation in node.operation_types or ():
                wanted = ROOT_NAMES[operation.operation.value]
                if operation.type.name.value != wanted:
                    self.renames[operation.type.name.value] = wanted

    def is_plumbing_type(self, name: str) -> bool:
        return (
            name in FEDERATION_PLUMBING_TYPES
            or name in self.names.types
            or name.startswith(("federation__", "link__", "join__"))
            or name in BUILTIN_SCALARS
        )

    def is_plumbing_directive(self, name: str) -> bool:
        return (
            name in self.names.directives
            or name == self.names.link_directive
            or name in BUILTIN_DIRECTIVES
            or name.startswith(("federation__", "link__", "join__"))
        )

    def type_ref(self, node: TypeNode) -> TypeNode:
        if isinstance(node, NonNullTypeNode):
            return NonNullTypeNode(type=self.type_ref(node.type))  # type: ignore[arg-type]
        if isinstance(node, ListTypeNode):
            return ListTypeNode(type=self.type_ref(node.type))
        assert isinstance(node, NamedTypeNode)
        name = node.name.value
        return NamedTypeNode(name=NameNode(value=self.renames.get(name, name)))

    def directives(
        self, nodes: object, where: str, from_extension: bool = False
    ) -> list[AppliedDirective]:
        result = []
        for node in nodes or ():  # type: ignore[attr-defined]
            local = node.name.value
            canonical = self.names.canonical(local)
            if canonical is None and not self.is_known(local):
                self.unknown.append(self.unknown_message(local, where))
            if canonical in DEMAND_DIRECTIVES:
                self.demand_names.setdefault(canonical, local)
            args = {arg.name.value: arg.value for arg in node.arguments or ()}
            result.append(AppliedDirective(canonical or local, args, from_extension))
        return result

    def is_known(self, local: str) -> bool:
        return (
            local in self.defined_directives
            or local in BUILTIN_DIRECTIVES
            or local == self.names.link_directive
        )

    def unknown_message(self, local: str, where: str) -> str:
        message = f"[{self.subgraph_name}] {where}: directive @{local} is not defined"
        version = self.names.version
        if local in DEMAND_DIRECTIVES and version is not None and version < DEMAND_MIN_VERSION:
            message += (
                f" (@{local} needs federation v2.9 or later; "
                f"this subgraph links v{version[0]}.{version[1]})"
            )
        elif local in FEDERATION_DIRECTIVES:
            message += (
                f' (add "@{local}" to the import list of the federation @link, '
                f"or write @federation__{local})"
            )
        return message

    def input_value(self, node: InputValueDefinitionNode, where: str) -> InputValue:
        return InputValue(
            name=node.name.value,
            type=self.type_ref(node.type),
            default=node.default_value,
            description=node.description.value if node.description else None,
            directives=self.directives(node.directives, where),
        )

    def field(self, node: FieldDefinitionNode, type_name: str, from_extension: bool) -> Field:
        where = f"{type_name}.{node.name.value}"
        return Field(
            name=node.name.value,
            type=self.type_ref(node.type),
            args={
                arg.name.value: self.input_value(arg, f"{where}({arg.name.value}:)")
                for arg in node.arguments or ()
            },
            description=node.description.value if node.description else None,
            directives=self.directives(node.directives, where),
            from_extension=from_extension,
        )

    def read(self, url: str) -> Subgraph:
        types: dict[str, TypeDef] = {}
        directive_definitions: dict[str, DirectiveDefinitionNode] = {}
        errors: list[str] = []
        # Definitions before extensions, each in document order: the order fields and
        # directives end up in (Apollo builds a schema the same way).
        nodes = sorted(self.document.definitions, key=lambda n: isinstance(n, _EXTENSIONS))
        for node in nodes:
            if isinstance(node, DirectiveDefinitionNode):
                if not self.is_plumbing_directive(node.name.value):
                    directive_definitions[node.name.value] = node
                continue
            kind = _KINDS.get(type(node))
            if kind is None:
                continue
            raw_name = node.name.value  # type: ignore[attr-defined]
            if self.is_plumbing_type(raw_name):
                continue
            name = self.renames.get(raw_name, raw_name)
            is_extension = isinstance(node, _EXTENSIONS)
            existing = types.get(name)
            if existing is None:
                existing = types[name] = TypeDef(kind=kind, name=name)
            elif existing.kind != kind:
                errors.append(
                    f"[{self.subgraph_name}] {name}: defined both as {existing.kind} and {kind}"
                )
                continue
            self.add_node(existing, node, is_extension)
        if errors or self.unknown:
            raise CompositionError(errors + self.unknown)
        query = types.setdefault("Query", TypeDef(kind="object", name="Query", has_definition=True))
        for root in FEDERATION_ROOT_FIELDS:
            query.fields.pop(root, None)
        composed = [
            str(getattr(d.args.get("name"), "value", "")).lstrip("@")
            for d in self.directives(self.schema_directives, "schema")
            if d.name == "composeDirective"
        ]
        return Subgraph(
            name=self.subgraph_name,
            url=url,
            types=types,
            names=self.names,
            directive_definitions=directive_definitions,
            composed_directives=composed,
            description=self.description,
            roots={op: name for op, name in ROOT_NAMES.items() if name in types},
            demand_names=self.demand_names,
        )

    def add_node(self, target: TypeDef, node: object, is_extension: bool) -> None:
        if is_extension:
            target.has_extension = True
        else:
            target.has_definition = True
        description = getattr(node, "description", None)
        if description is not None and target.description is None:
            target.description = description.value
        directives = getattr(node, "directives", ())
        target.directives.extend(self.directives(directives, target.name, is_extension))
        for field_node in getattr(node, "fields", None) or ():
            name = field_node.name.value
            if isinstance(field_node, FieldDefinitionNode):
                target.fields[name] = self.field(field_node, target.name, is_extension)
            elif isinstance(field_node, InputValueDefinitionNode):
                target.input_fields[name] = self.input_value(field_node, f"{target.name}.{name}")
        for interface in getattr(node, "interfaces", None) or ():
            if interface.name.value not in target.interfaces:
                target.interfaces.append(interface.name.value)
        for member in getattr(node, "types", None) or ():
            member_name = self.renames.get(member.name.value, member.name.value)
            if member_name not in target.members:
                target.members.append(member_name)
        for value in getattr(node, "values", None) or ():
            target.values[value.name.value] = EnumValue(
                name=value.name.value,
                description=value.description.value if value.description else None,
                directives=self.directives(value.directives, f"{target.name}.{value.name.value}"),
            )


def read_subgraph(name: str, url: str, sdl: str) -> Subgraph:
    """Parse `sdl` (what `_service { sdl }` returns) into a `Subgraph`."""
    try:
        document = parse(sdl, no_location=False)
    except GraphQLSyntaxError as error:
        raise CompositionError([f"[{name}] invalid GraphQL: {error.message}"]) from error
    return _Reader(name, document).read(url)
