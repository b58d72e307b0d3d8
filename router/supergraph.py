"""The supergraph SDL (Apollo's `join__` format) as a planning model.

Each type and field records which subgraphs define it and how (`@join__type`,
`@join__field`, ...). The planner asks this model questions such as "can subgraph G
resolve `T.f`?" or "which keys does `T` have in G?".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    EnumValueNode,
    FieldDefinitionNode,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    ScalarTypeDefinitionNode,
    ScalarTypeExtensionNode,
    SchemaDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    TypeNode,
    UnionTypeDefinitionNode,
    UnionTypeExtensionNode,
    ValueNode,
    parse,
    print_ast,
)

from router.sdl import named_type, parse_field_set

OBJECT, INTERFACE, UNION, ENUM, INPUT, SCALAR = (
    "object",
    "interface",
    "union",
    "enum",
    "input",
    "scalar",
)
BUILTIN_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})
ROOT_OPERATIONS = ("query", "mutation", "subscription")


@dataclass(frozen=True)
class Key:
    """One `@key` of an entity in one subgraph."""

    text: str
    selection: SelectionSetNode
    resolvable: bool


@dataclass
class TypeJoin:
    """How one subgraph defines a type."""

    graph: str
    keys: list[Key] = field(default_factory=list)
    extension: bool = False
    is_interface_object: bool = False

    @property
    def resolvable_keys(self) -> list[Key]:
        return [key for key in self.keys if key.resolvable]


@dataclass
class FieldJoin:
    """How one subgraph defines a field."""

    graph: str
    requires: SelectionSetNode | None = None
    provides: SelectionSetNode | None = None
    type: str | None = None
    external: bool = False
    override: str | None = None
    override_label: str | None = None
    used_overridden: bool = False


@dataclass
class SupergraphField:
    name: str
    type_node: TypeNode
    joins: dict[str, FieldJoin]

    @cached_property
    def type_name(self) -> str:
        return named_type(self.type_node)


@dataclass
class SupergraphType:
    name: str
    kind: str
    joins: dict[str, TypeJoin] = field(default_factory=dict)
    fields: dict[str, SupergraphField] = field(default_factory=dict)
    interfaces: list[str] = field(default_factory=list)
    implements_in: dict[str, set[str]] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)
    members_in: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class Subgraph:
    enum_name: str
    name: str
    url: str


def _args(directive: DirectiveNode) -> dict[str, ValueNode]:
    return {arg.name.value: arg.value for arg in directive.arguments or ()}


def _str(value: ValueNode | None) -> str | None:
    if isinstance(value, StringValueNode):
        return value.value
    if isinstance(value, EnumValueNode):
        return value.value
    return None


def _bool(value: ValueNode | None, default: bool = False) -> bool:
    if isinstance(value, BooleanValueNode):
        return value.value
    return default


_KINDS: dict[type, str] = {
    ObjectTypeDefinitionNode: OBJECT,
    ObjectTypeExtensionNode: OBJECT,
    InterfaceTypeDefinitionNode: INTERFACE,
    InterfaceTypeExtensionNode: INTERFACE,
    UnionTypeDefinitionNode: UNION,
    UnionTypeExtensionNode: UNION,
    EnumTypeDefinitionNode: ENUM,
    EnumTypeExtensionNode: ENUM,
    InputObjectTypeDefinitionNode: INPUT,
    InputObjectTypeExtensionNode: INPUT,
    ScalarTypeDefinitionNode: SCALAR,
    ScalarTypeExtensionNode: SCALAR,
}


class Supergraph:
    """The planning model of a supergraph SDL."""

    def __init__(self, sdl: str) -> None:
        self.sdl = sdl
        self.document: DocumentNode = parse(sdl, no_location=True)
        self.subgraphs: dict[str, Subgraph] = {}
        self.types: dict[str, SupergraphType] = {}
        self.root_types: dict[str, str] = {}
        self._read()
        self._ambiguous: dict[str, frozenset[str]] = {}
        self._possible: dict[str, list[str]] = {}
        self._implementations: dict[str, list[str]] = {}
        for type_ in self.types.values():
            for interface in type_.interfaces:
                self._implementations.setdefault(interface, []).append(type_.name)

    # -- reading ------------------------------------------------------------------------
    def _read(self) -> None:
        for definition in self.document.definitions:
            if isinstance(definition, SchemaDefinitionNode):
                for op in definition.operation_types:
                    self.root_types[op.operation.value] = op.type.name.value
            elif isinstance(definition, EnumTypeDefinitionNode) and (
                definition.name.value == "join__Graph"
            ):
                for value in definition.values or ():
                    for directive in value.directives or ():
                        if directive.name.value == "join__graph":
                            args = _args(directive)
                            self.subgraphs[value.name.value] = Subgraph(
                                value.name.value, _str(args["name"]) or "", _str(args["url"]) or ""
                            )
        for definition in self.document.definitions:
            kind = _KINDS.get(type(definition))
            if kind is None:
                continue
            name = definition.name.value  # type: ignore[attr-defined]
            if name.startswith(("join__", "link__")):
                continue
            type_ = self.types.setdefault(name, SupergraphType(name, kind))
            self._read_type(type_, definition)
        for operation_type in ROOT_OPERATIONS:
            default = operation_type.capitalize()
            if operation_type not in self.root_types and default in self.types:
                self.root_types[operation_type] = default

    def _read_type(self, type_: SupergraphType, definition: object) -> None:
        for directive in getattr(definition, "directives", None) or ():
            args = _args(directive)
            name = directive.name.value
            if name == "join__type":
                graph = _str(args.get("graph")) or ""
                join = type_.joins.setdefault(graph, TypeJoin(graph))
                key = _str(args.get("key"))
                if key is not None:
                    join.keys.append(
                        Key(key, parse_field_set(key), _bool(args.get("resolvable"), True))
                    )
                join.extension = join.extension or _bool(args.get("extension"))
                join.is_interface_object = join.is_interface_object or _bool(
                    args.get("isInterfaceObject")
                )
            elif name == "join__implements":
                graph = _str(args.get("graph")) or ""
                type_.implements_in.setdefault(graph, set()).add(_str(args.get("interface")) or "")
            elif name == "join__unionMember":
                graph = _str(args.get("graph")) or ""
                type_.members_in.setdefault(graph, set()).add(_str(args.get("member")) or "")
        for interface in getattr(definition, "interfaces", None) or ():
            type_.interfaces.append(interface.name.value)
        for member in getattr(definition, "types", None) or ():
            type_.members.append(member.name.value)
        for field_def in getattr(definition, "fields", None) or ():
            if isinstance(field_def, FieldDefinitionNode):
                type_.fields[field_def.name.value] = self._read_field(type_, field_def)

    def _read_field(self, type_: SupergraphType, node: FieldDefinitionNode) -> SupergraphField:
        joins: dict[str, FieldJoin] = {}
        has_join = False
        for directive in node.directives or ():
            if directive.name.value != "join__field":
                continue
            has_join = True
            args = _args(directive)
            graph = _str(args.get("graph"))
            if graph is None:
                continue
            requires = _str(args.get("requires"))
            provides = _str(args.get("provides"))
            joins[graph] = FieldJoin(
                graph=graph,
                requires=parse_field_set(requires) if requires else None,
                provides=parse_field_set(provides) if provides else None,
                type=_str(args.get("type")),
                external=_bool(args.get("external")),
                override=_str(args.get("override")),
                override_label=_str(args.get("overrideLabel")),
                used_overridden=_bool(args.get("usedOverridden")),
            )
        if not has_join:
            # No @join__field: every subgraph defining the type defines the field.
            joins = {graph: FieldJoin(graph) for graph in type_.joins}
        return SupergraphField(node.name.value, node.type, joins)

    # -- questions the planner asks -------------------------------------------------------
    def kind(self, type_name: str) -> str:
        type_ = self.types.get(type_name)
        return type_.kind if type_ else SCALAR

    def is_abstract(self, type_name: str) -> bool:
        return self.kind(type_name) in (INTERFACE, UNION)

    def is_composite(self, type_name: str) -> bool:
        return self.kind(type_name) in (OBJECT, INTERFACE, UNION)

    @cached_property
    def abstract_types(self) -> frozenset[str]:
        return frozenset(n for n, t in self.types.items() if t.kind in (INTERFACE, UNION))

    def possible_types(self, type_name: str) -> list[str]:
        """Concrete object types a value of `type_name` can have (supergraph-wide)."""
        cached = self._possible.get(type_name)
        if cached is None:
            cached = self._possible[type_name] = self._possible_types(type_name)
        return cached

    def _possible_types(self, type_name: str) -> list[str]:
        type_ = self.types.get(type_name)
        if type_ is None:
            return []
        if type_.kind == OBJECT:
            return [type_name]
        if type_.kind == UNION:
            return list(type_.members)
        return [t for t in self._implementations.get(type_name, []) if self.kind(t) == OBJECT]

    def possible_types_in(self, type_name: str, graph: str) -> list[str]:
        """Concrete types subgraph `graph` can return where it declares `type_name`."""
        type_ = self.types.get(type_name)
        if type_ is None:
            return []
        if type_.kind == OBJECT:
            return [type_name] if graph in type_.joins else []
        if type_.kind == UNION:
            if type_.members_in:
                return sorted(type_.members_in.get(graph, set()), key=type_.members.index)
            return [m for m in type_.members if graph in self.types[m].joins]
        result = []
        for impl in self._implementations.get(type_name, []):
            impl_type = self.types[impl]
            if impl_type.kind != OBJECT or graph not in impl_type.joins:
                continue
            declared = impl_type.implements_in
            if declared and type_name not in declared.get(graph, set()):
                continue
            result.append(impl)
        return result

    def is_interface_object_in(self, type_name: str, graph: str) -> bool:
        type_ = self.types.get(type_name)
        join = type_.joins.get(graph) if type_ else None
        return bool(join and join.is_interface_object)

    def interface_objects_for(self, type_name: str) -> list[tuple[str, str]]:
        """(interface, graph) pairs where an interface of `type_name` is an @interfaceObject."""
        found = []
        for interface in self.types[type_name].interfaces:
            for graph, join in self.types[interface].joins.items():
                if join.is_interface_object:
                    found.append((interface, graph))
        return found

    def field(self, type_name: str, field_name: str) -> SupergraphField | None:
        type_ = self.types.get(type_name)
        return type_.fields.get(field_name) if type_ else None

    def field_join(self, type_name: str, field_name: str, graph: str) -> FieldJoin | None:
        field_ = self.field(type_name, field_name)
        return field_.joins.get(graph) if field_ else None

    def resolves(self, type_name: str, field_name: str, graph: str) -> bool:
        """Can `graph` resolve `type_name.field_name` on its own (no @provides)?"""
        type_ = self.types.get(type_name)
        if type_ is None or graph not in type_.joins:
            return False
        join = self.field_join(type_name, field_name, graph)
        if join is None:
            return False
        if join.used_overridden:
            return False
        if join.override_label is not None and join.override is None:
            # The overridden side of a progressive override keeps the field while the
            # label is off (we never enable labels).
            return True
        if join.override_label is not None and join.override is not None:
            return False
        return not join.external

    def entity_keys(self, type_name: str, graph: str) -> list[Key]:
        join = self.types[type_name].joins.get(graph) if type_name in self.types else None
        return join.resolvable_keys if join else []

    def ambiguous_fields(self, graph: str) -> frozenset[str]:
        """Field names whose type differs between types of `graph` (they need aliases
        when selected side by side in fragments of one subgraph query)."""
        cached = self._ambiguous.get(graph)
        if cached is not None:
            return cached
        seen: dict[str, set[str]] = {}
        for type_ in self.types.values():
            if type_.kind not in (OBJECT, INTERFACE) or graph not in type_.joins:
                continue
            for field_ in type_.fields.values():
                join = field_.joins.get(graph)
                if join is None:
                    continue
                seen.setdefault(field_.name, set()).add(join.type or print_ast(field_.type_node))
        result = frozenset(name for name, types in seen.items() if len(types) > 1)
        self._ambiguous[graph] = result
        return result

    def url(self, graph: str) -> str:
        return self.subgraphs[graph].url
