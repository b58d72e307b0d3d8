"""The schema elements composition works on: one model for subgraph types and supergraph types.

graphql-core's AST keeps definitions and extensions apart and is immutable; composition needs one
mutable view per type (definition and extensions merged) that remembers which parts came from an
`extend type`, because `@key` inside an extension means something different to federation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from graphql import TypeNode, ValueNode, print_ast

from router.composition.values import print_value

TypeKind = Literal["object", "interface", "union", "enum", "input", "scalar"]

KIND_NAMES: dict[TypeKind, str] = {
    "object": "object type",
    "interface": "interface",
    "union": "union",
    "enum": "enum",
    "input": "input object type",
    "scalar": "scalar",
}


@dataclass
class AppliedDirective:
    """`@name(arg: value, ...)` as applied to an element; arguments keep their written order."""

    name: str
    args: dict[str, ValueNode] = field(default_factory=dict)
    from_extension: bool = False

    def printed(self) -> str:
        if not self.args:
            return f"@{self.name}"
        inner = ", ".join(f"{key}: {print_value(value)}" for key, value in self.args.items())
        return f"@{self.name}({inner})"

    def string_arg(self, name: str) -> str | None:
        value = self.args.get(name)
        return getattr(value, "value", None) if value is not None else None


@dataclass
class InputValue:
    """A field argument or an input object field."""

    name: str
    type: TypeNode
    default: ValueNode | None = None
    description: str | None = None
    directives: list[AppliedDirective] = field(default_factory=list)

    @property
    def type_str(self) -> str:
        return print_ast(self.type)

    @property
    def is_required(self) -> bool:
        return self.type_str.endswith("!") and self.default is None


@dataclass
class Field:
    """A field of an object type or an interface."""

    name: str
    type: TypeNode
    args: dict[str, InputValue] = field(default_factory=dict)
    description: str | None = None
    directives: list[AppliedDirective] = field(default_factory=list)
    from_extension: bool = False

    @property
    def type_str(self) -> str:
        return print_ast(self.type)


@dataclass
class EnumValue:
    name: str
    description: str | None = None
    directives: list[AppliedDirective] = field(default_factory=list)


@dataclass
class TypeDef:
    """One named type: its definition and all its extensions merged."""

    kind: TypeKind
    name: str
    description: str | None = None
    directives: list[AppliedDirective] = field(default_factory=list)
    fields: dict[str, Field] = field(default_factory=dict)
    input_fields: dict[str, InputValue] = field(default_factory=dict)
    interfaces: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    values: dict[str, EnumValue] = field(default_factory=dict)
    has_definition: bool = False
    has_extension: bool = False

    def directives_named(self, name: str) -> list[AppliedDirective]:
        return [d for d in self.directives if d.name == name]

    def has_directive(self, name: str) -> bool:
        return any(d.name == name for d in self.directives)


def has_directive(directives: list[AppliedDirective], name: str) -> bool:
    return any(d.name == name for d in directives)


def first_directive(directives: list[AppliedDirective], name: str) -> AppliedDirective | None:
    return next((d for d in directives if d.name == name), None)


@dataclass
class DirectiveDefinition:
    """A directive definition as it will be printed in the supergraph."""

    name: str
    args: dict[str, InputValue] = field(default_factory=dict)
    locations: list[str] = field(default_factory=list)
    repeatable: bool = False
    description: str | None = None
