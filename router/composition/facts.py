"""What federation directives mean for one subgraph's fields: external, shareable, used.

These follow the federation 2 rules (as Apollo's composition applies them):
- a field is external if it has `@external` or its type has `@external`, except key fields marked
  `@external` on a type extension (`extend type` or `@extends`): those "fake" externals are a
  federation 1 habit and the subgraph does resolve them;
- an external field selected by some `@provides` is only partially external;
- a field is shareable if marked `@shareable` (or its type is), if it is part of a `@key`, or if
  it is an external field that some `@provides` selects;
- a field is used if a `@key`, `@requires` or `@provides` selects it or it implements an
  interface field.
"""

from __future__ import annotations

from router.composition.fieldsets import resolve_field_set
from router.composition.model import Field, TypeDef, has_directive
from router.composition.subgraph import Subgraph
from router.sdl import named_type


def coordinate(type_name: str, field_name: str) -> str:
    return f"{type_name}.{field_name}"


class SubgraphFacts:
    def __init__(self, subgraph: Subgraph) -> None:
        self.subgraph = subgraph
        types = subgraph.types
        self.fake_external: set[str] = set()
        self.external_on_type: set[str] = set()
        self.provided: set[str] = set()
        self.shareable: set[str] = set()
        self.used: set[str] = set()

        for type_def in types.values():
            if type_def.kind not in ("object", "interface"):
                continue
            for key in type_def.directives_named("key"):
                fields = key.string_arg("fields") or ""
                targets = resolve_field_set(types, type_def.name, fields).targets
                for target in targets:
                    self.shareable.add(target.coordinate)
                    self.used.add(target.coordinate)
                if self.is_extension_key(type_def, key.from_extension):
                    plain = resolve_field_set(
                        types, type_def.name, fields, with_implementations=False
                    )
                    for target in plain.targets:
                        if has_directive(target.field.directives, "external"):
                            self.fake_external.add(target.coordinate)
            if type_def.kind == "object" and type_def.has_directive("external"):
                self.external_on_type.update(coordinate(type_def.name, f) for f in type_def.fields)
            shareable_on_type = type_def.directives_named("shareable")
            for field in type_def.fields.values():
                here = coordinate(type_def.name, field.name)
                if has_directive(field.directives, "shareable") or any(
                    d.from_extension == field.from_extension for d in shareable_on_type
                ):
                    self.shareable.add(here)
                for requires in (d for d in field.directives if d.name == "requires"):
                    result = resolve_field_set(
                        types, type_def.name, requires.string_arg("fields") or ""
                    )
                    self.used.update(t.coordinate for t in result.targets)
                for provides in (d for d in field.directives if d.name == "provides"):
                    provided_type = named_type(field.type)
                    if provided_type not in types:
                        continue
                    result = resolve_field_set(
                        types, provided_type, provides.string_arg("fields") or ""
                    )
                    for target in result.targets:
                        self.provided.add(target.coordinate)
                        self.used.add(target.coordinate)
            for interface_name in type_def.interfaces:
                interface = types.get(interface_name)
                if interface is not None:
                    self.used.update(
                        coordinate(type_def.name, f)
                        for f in interface.fields
                        if f in type_def.fields
                    )
        # Provided external fields are shareable (they are resolved where provided).
        for provided in self.provided:
            type_name, field_name = provided.split(".", 1)
            found = types[type_name].fields.get(field_name) if type_name in types else None
            if found is not None and self.is_external(type_name, found):
                self.shareable.add(provided)

    @staticmethod
    def is_extension_key(type_def: TypeDef, key_from_extension: bool) -> bool:
        return key_from_extension or type_def.has_directive("extends")

    def is_external(self, type_name: str, field: Field) -> bool:
        here = coordinate(type_name, field.name)
        marked = has_directive(field.directives, "external") or here in self.external_on_type
        return marked and here not in self.fake_external

    def is_fully_external(self, type_name: str, field: Field) -> bool:
        return (
            self.is_external(type_name, field)
            and coordinate(type_name, field.name) not in self.provided
        )

    def is_shareable(self, type_name: str, field_name: str) -> bool:
        return coordinate(type_name, field_name) in self.shareable

    def is_used(self, type_name: str, field_name: str) -> bool:
        return coordinate(type_name, field_name) in self.used

    def is_interface_object(self, type_def: TypeDef) -> bool:
        return type_def.kind == "object" and type_def.has_directive("interfaceObject")
