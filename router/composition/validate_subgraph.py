"""Checks on one subgraph alone, before anything is merged.

Each message starts with `[subgraph]` and names the type and field, e.g.
`[freelance] Gig.seller: type User is not defined`.
"""

from __future__ import annotations

from graphql import (
    FieldNode,
    InlineFragmentNode,
    ListTypeNode,
    NonNullTypeNode,
    SelectionSetNode,
    TypeNode,
)

from router.composition.facts import SubgraphFacts
from router.composition.fieldsets import (
    compact,
    resolve_field_set,
    valid_field_set,
)
from router.composition.links import SUPPORTED_DIRECTIVES
from router.composition.model import AppliedDirective, Field, TypeDef
from router.composition.subgraph import BUILTIN_SCALARS, Subgraph
from router.composition.typeref import is_strict_subtype, same_type
from router.composition.values import python_value
from router.sdl import named_type

OUTPUT_KINDS = frozenset({"object", "interface", "union", "enum", "scalar"})
INPUT_KINDS = frozenset({"input", "enum", "scalar"})


def is_list(type_node: TypeNode) -> bool:
    if isinstance(type_node, NonNullTypeNode):
        type_node = type_node.type
    return isinstance(type_node, ListTypeNode)


def validate_subgraph(subgraph: Subgraph, facts: SubgraphFacts) -> list[str]:
    checker = _Checker(subgraph, facts)
    checker.check()
    return checker.errors


class _Checker:
    def __init__(self, subgraph: Subgraph, facts: SubgraphFacts) -> None:
        self.subgraph = subgraph
        self.facts = facts
        self.types = subgraph.types
        self.errors: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"[{self.subgraph.name}] {where}: {message}")

    def kind_of(self, name: str) -> str | None:
        if name in BUILTIN_SCALARS:
            return "scalar"
        type_def = self.types.get(name)
        return type_def.kind if type_def else None

    def check_reference(
        self, where: str, type_name: str, allowed: frozenset[str], role: str
    ) -> None:
        kind = self.kind_of(type_name)
        if kind is None:
            self.error(where, f"type {type_name} is not defined")
        elif kind not in allowed:
            self.error(where, f"type {type_name} is an {kind} type and cannot be used as {role}")

    def check(self) -> None:
        for type_def in self.types.values():
            self.check_unsupported(type_def.name, type_def.directives)
            for interface in type_def.interfaces:
                if self.kind_of(interface) != "interface":
                    self.error(
                        type_def.name, f"implements {interface}, which is not a defined interface"
                    )
            for member in type_def.members:
                if self.kind_of(member) != "object":
                    self.error(type_def.name, f"union member {member} is not a defined object type")
            for field in type_def.fields.values():
                where = f"{type_def.name}.{field.name}"
                self.check_unsupported(where, field.directives)
                self.check_reference(where, named_type(field.type), OUTPUT_KINDS, "a field type")
                for arg in field.args.values():
                    self.check_reference(
                        f"{where}({arg.name}:)",
                        named_type(arg.type),
                        INPUT_KINDS,
                        "an argument type",
                    )
                self.check_field_directives(type_def, field)
                self.check_demand_control(type_def, field)
            for input_field in type_def.input_fields.values():
                self.check_reference(
                    f"{type_def.name}.{input_field.name}",
                    named_type(input_field.type),
                    INPUT_KINDS,
                    "an input field type",
                )
            self.check_keys(type_def)
            self.check_implementations(type_def)
            if type_def.kind == "interface":
                self.check_interface_keys(type_def)
            if self.facts.is_interface_object(type_def) and not type_def.directives_named("key"):
                self.error(type_def.name, "an @interfaceObject type must have a @key")
        self.check_composed()

    def is_member(self, abstract: str, concrete: str) -> bool:
        abstract_type, concrete_type = self.types.get(abstract), self.types.get(concrete)
        if abstract_type is None or concrete_type is None:
            return False
        if abstract_type.kind == "union":
            return concrete in abstract_type.members
        return abstract in concrete_type.interfaces

    def check_implementations(self, type_def: TypeDef) -> None:
        """GraphQL's rule: an implementation has every interface field, with a compatible type."""
        for interface_name in type_def.interfaces:
            interface = self.types.get(interface_name)
            if interface is None or interface.kind != "interface":
                continue  # reported as an undefined interface
            for name, expected in interface.fields.items():
                field = type_def.fields.get(name)
                where = f"{type_def.name}.{name}"
                if field is None:
                    self.error(
                        type_def.name, f"implements {interface_name} but lacks its field {name}"
                    )
                    continue
                if not (
                    same_type(expected.type, field.type)
                    or is_strict_subtype(expected.type, field.type, self.is_member)
                ):
                    self.error(
                        where,
                        f"type {field.type_str} does not fit {interface_name}.{name}, "
                        f"which is {expected.type_str}",
                    )
                for arg_name, arg in expected.args.items():
                    own = field.args.get(arg_name)
                    if own is None or not same_type(own.type, arg.type):
                        self.error(
                            f"{where}({arg_name}:)",
                            f"must be declared as in {interface_name}.{name}: {arg.type_str}",
                        )

    def check_interface_keys(self, interface: TypeDef) -> None:
        """A @key on an interface must be on each of its implementations in the subgraph."""
        implementations = [
            t for t in self.types.values() if t.kind == "object" and interface.name in t.interfaces
        ]
        for key in interface.directives_named("key"):
            selection = valid_field_set(key.string_arg("fields") or "")
            if selection is None:
                continue
            wanted = compact(selection)
            for implementation in implementations:
                own = [
                    compact(parsed)
                    for k in implementation.directives_named("key")
                    if (parsed := valid_field_set(k.string_arg("fields") or "")) is not None
                ]
                if wanted not in own:
                    self.error(
                        implementation.name,
                        f'its interface {interface.name} has @key(fields: "{wanted}"), '
                        f"which {implementation.name} lacks",
                    )

    def check_unsupported(self, where: str, directives: list[AppliedDirective]) -> None:
        known = set(self.subgraph.names.directives.values())
        for directive in directives:
            if directive.name in known and directive.name not in SUPPORTED_DIRECTIVES:
                self.error(where, f"@{directive.name} is not supported by this composer")

    def check_keys(self, type_def: TypeDef) -> None:
        for key in type_def.directives_named("key"):
            fields = key.string_arg("fields") or ""
            if type_def.kind not in ("object", "interface"):
                self.error(
                    type_def.name,
                    f'@key(fields: "{fields}") is only allowed on object types and interfaces',
                )
                continue
            result = resolve_field_set(self.types, type_def.name, fields)
            problems = result.problems + [
                f"{coordinate} takes arguments, which a key cannot pass"
                for coordinate in result.with_arguments
            ]
            for problem in problems:
                self.error(type_def.name, f'@key(fields: "{fields}") is invalid: {problem}')
            for target in result.targets:
                target_kind = self.kind_of(named_type(target.field.type))
                if target_kind in ("interface", "union"):
                    self.error(
                        type_def.name,
                        f'@key(fields: "{fields}") selects {target.coordinate}, '
                        f"of {target_kind} type; "
                        "a key cannot select an interface or union field",
                    )

    def check_field_directives(self, type_def: TypeDef, field: Field) -> None:
        where = f"{type_def.name}.{field.name}"
        for requires in (d for d in field.directives if d.name == "requires"):
            fields = requires.string_arg("fields") or ""
            self.check_selection("requires", where, type_def.name, fields)
        for provides in (d for d in field.directives if d.name == "provides"):
            fields = provides.string_arg("fields") or ""
            target_type = named_type(field.type)
            if self.kind_of(target_type) not in ("object", "interface", "union"):
                self.error(
                    where,
                    f'@provides(fields: "{fields}") is only allowed on fields '
                    "of object, interface or union type",
                )
                continue
            self.check_selection("provides", where, target_type, fields)
        override = next((d for d in field.directives if d.name == "override"), None)
        if override is not None:
            source = override.string_arg("from")
            if source == self.subgraph.name:
                self.error(where, f'@override(from: "{source}") names this subgraph itself')
            if type_def.kind == "interface":
                self.error(where, "@override is not allowed on interface fields")
        if self.facts.is_external(type_def.name, field):
            if type_def.kind == "interface":
                self.error(where, "@external is not allowed on interface fields")
            elif not self.facts.is_used(type_def.name, field.name):
                self.error(
                    where,
                    "is marked @external but no @key, @requires or @provides uses it "
                    "(remove it, or drop @external)",
                )

    def check_demand_control(self, type_def: TypeDef, field: Field) -> None:
        """Apollo's rules for `@cost` and `@listSize` on a field (federation 2.9)."""
        where = f"{type_def.name}.{field.name}"
        if type_def.kind == "interface" and any(d.name == "cost" for d in field.directives):
            self.error(where, "@cost cannot be applied to interface fields")
        list_size = next((d for d in field.directives if d.name == "listSize"), None)
        if list_size is None:
            return
        values = {key: python_value(value) for key, value in list_size.args.items()}
        assumed = values.get("assumedSize")
        if isinstance(assumed, int) and assumed < 0:
            self.error(where, "@listSize(assumedSize:) cannot be negative")
        slicing = values.get("slicingArguments")
        for name in slicing if isinstance(slicing, list) else ():
            argument = field.args.get(str(name).split(".")[0])
            if argument is None:
                self.error(where, f'@listSize slicing argument "{name}" is not an argument here')
            elif "." not in str(name) and argument.type_str not in ("Int", "Int!"):
                self.error(where, f'@listSize slicing argument "{name}" must be Int or Int!')
        sized = values.get("sizedFields")
        returned = named_type(field.type)
        if not isinstance(sized, list):
            if not is_list(field.type):
                self.error(where, "@listSize on a field that is not a list needs sizedFields")
            return
        target = self.types.get(returned)
        if target is None or target.kind not in ("object", "interface"):
            self.error(where, f"@listSize(sizedFields:) needs an object type, not {returned}")
            return
        for name in sized:
            sized_field = target.fields.get(str(name))
            if sized_field is None:
                self.error(where, f'@listSize sized field "{name}" is not a field of {returned}')
            elif not is_list(sized_field.type):
                self.error(where, f'@listSize sized field "{returned}.{name}" is not a list')

    def check_selection(self, directive: str, where: str, parent: str, fields: str) -> None:
        label = f'@{directive}(fields: "{fields}")'
        result = resolve_field_set(self.types, parent, fields, with_implementations=False)
        problems = list(result.problems)
        if directive == "provides":
            problems += [
                f"{coordinate} takes arguments, which @provides cannot pass"
                for coordinate in result.with_arguments
            ]
        if problems:
            for problem in problems:
                self.error(where, f"{label} is invalid: {problem}")
            return
        selection_set = valid_field_set(fields)
        assert selection_set is not None
        self.check_external_leaves(where, label, parent, selection_set, external_above=False)

    def check_external_leaves(
        self,
        where: str,
        label: str,
        parent: str,
        selection_set: SelectionSetNode,
        external_above: bool,
    ) -> None:
        """Leaves of @requires / @provides must be @external unless an external field is above."""
        for selection in selection_set.selections:
            if isinstance(selection, InlineFragmentNode):
                condition = (
                    selection.type_condition.name.value if selection.type_condition else parent
                )
                self.check_external_leaves(
                    where, label, condition, selection.selection_set, external_above
                )
                continue
            if not isinstance(selection, FieldNode) or selection.name.value == "__typename":
                continue
            type_def = self.types[parent]
            field = type_def.fields[selection.name.value]
            external = self.facts.is_external(parent, field) or (
                # Through an interface: external if some implementation's field is.
                type_def.kind == "interface"
                and selection.selection_set is not None
                and any(
                    self.facts.is_external(t.name, t.fields[field.name])
                    for t in self.types.values()
                    if parent in t.interfaces and field.name in t.fields
                )
            )
            if selection.selection_set is None:
                if not external and not external_above:
                    self.error(
                        where,
                        f"{label} selects {parent}.{field.name}, "
                        "which is not @external in this subgraph "
                        "(mark it @external: another subgraph resolves it)",
                    )
                continue
            self.check_external_leaves(
                where,
                label,
                named_type(field.type),
                selection.selection_set,
                external_above or external,
            )

    def check_composed(self) -> None:
        linked = {local for link in self.subgraph.names.links for local in link.imports}
        for name in self.subgraph.composed_directives:
            if name not in self.subgraph.directive_definitions:
                self.error(
                    "schema",
                    f'@composeDirective(name: "@{name}") names a directive that is not defined',
                )
            elif name not in linked:
                self.error(
                    "schema",
                    f'@composeDirective(name: "@{name}"): '
                    "the directive must be imported by a @link to its spec",
                )
