"""Merge validated subgraphs into supergraph types carrying `@join__*` directives.

The steps follow Apollo's composition (composition-js `merge.ts`): create every type, merge the
`implements` relations and unions first (field type subtyping depends on them), then scalars,
inputs, interfaces and objects, and enums last because how an enum merges depends on whether it is
used as an input, an output or both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import ValueNode

from router.composition.context import ComposedDirective, MergeContext, Sources, merge_description
from router.composition.directives import (
    composed_directives,
    demand_definitions,
    demand_directives,
    executable_directives,
)
from router.composition.errors import CompositionError
from router.composition.facts import SubgraphFacts
from router.composition.merge_fields import check_sharing, merge_field, merge_input_fields
from router.composition.model import (
    KIND_NAMES,
    AppliedDirective,
    DirectiveDefinition,
    EnumValue,
    Field,
    TypeDef,
    TypeKind,
)
from router.composition.satisfiability import check_satisfiability
from router.composition.subgraph import ROOT_NAMES, Subgraph
from router.composition.validate_merged import validate_merged
from router.composition.values import boolean, string


@dataclass
class Supergraph:
    graphs: list[tuple[str, str, str]]  # (join__Graph value, subgraph name, url)
    types: dict[str, TypeDef]
    roots: dict[str, str]
    directive_definitions: list[DirectiveDefinition] = field(default_factory=list)
    composed: list[ComposedDirective] = field(default_factory=list)
    uses_tag: bool = False
    uses_inaccessible: bool = False
    description: str | None = None
    demand: dict[str, str] = field(default_factory=dict)  # canonical -> supergraph name


class Merger:
    def __init__(self, ctx: MergeContext) -> None:
        self.ctx = ctx
        self._sources: dict[str, Sources[TypeDef]] = {}

    def sources(self, name: str) -> Sources[TypeDef]:
        if name not in self._sources:
            self._sources[name] = self.compute_sources(name)
        return self._sources[name]

    def compute_sources(self, name: str) -> Sources[TypeDef]:
        kind = self.ctx.types[name].kind
        result: Sources[TypeDef] = []
        for index, subgraph in enumerate(self.ctx.subgraphs):
            type_def = subgraph.types.get(name)
            if type_def is not None and self.kind_in(index, type_def) != kind:
                type_def = None  # already reported as a kind mismatch
            result.append(type_def)
        return result

    def kind_in(self, index: int, type_def: TypeDef) -> TypeKind:
        return "interface" if self.ctx.facts[index].is_interface_object(type_def) else type_def.kind

    def create_types(self) -> None:
        kinds: dict[str, dict[TypeKind, list[int]]] = {}
        for index, subgraph in enumerate(self.ctx.subgraphs):
            for type_def in subgraph.types.values():
                kinds.setdefault(type_def.name, {}).setdefault(
                    self.kind_in(index, type_def), []
                ).append(index)
        for name, by_kind in kinds.items():
            if len(by_kind) > 1:
                detail = ", ".join(
                    f"{KIND_NAMES[kind]} in "
                    + ", ".join(self.ctx.subgraphs[i].name for i in indexes)
                    for kind, indexes in by_kind.items()
                )
                everyone = sorted(i for indexes in by_kind.values() for i in indexes)
                self.ctx.error(everyone, name, f"is defined with different kinds: {detail}")
            kind = next(iter(by_kind))
            self.ctx.types[name] = TypeDef(kind=kind, name=name)
            if kind == "interface" and all(
                self.ctx.facts[i].is_interface_object(self.ctx.subgraphs[i].types[name])
                for i in by_kind["interface"]
            ):
                self.ctx.error(
                    by_kind["interface"],
                    name,
                    "is an @interfaceObject in every subgraph that defines it; "
                    "at least one subgraph must define it as an interface",
                )

    def merge(self) -> None:
        self.create_types()
        if self.ctx.errors:
            return
        types = list(self.ctx.types.values())
        for dest in types:
            if dest.kind in ("object", "interface"):
                self.merge_implements(dest)
        for dest in types:
            if dest.kind == "union":
                self.merge_type(dest)
        for kind in ("scalar", "input", "interface", "object", "enum"):
            for dest in types:
                if dest.kind == kind:
                    self.merge_type(dest)
        for operation, name in ROOT_NAMES.items():
            root = self.ctx.types.get(name)
            if root is not None and not root.fields:
                del self.ctx.types[name]  # only federation plumbing was there
                if operation == "query":
                    self.ctx.error(
                        list(range(len(self.ctx.subgraphs))),
                        "Query",
                        "no subgraph defines any query field",
                    )
        if "Query" not in self.ctx.types and not any("no subgraph" in e for e in self.ctx.errors):
            self.ctx.error(
                list(range(len(self.ctx.subgraphs))), "Query", "no subgraph defines any query field"
            )
        self.add_interface_object_fields()

    def merge_implements(self, dest: TypeDef) -> None:
        for index, source in enumerate(self.sources(dest.name)):
            for interface in source.interfaces if source else ():
                dest.directives.append(
                    AppliedDirective(
                        "join__implements",
                        {"graph": self.ctx.graph(index), "interface": string(interface)},
                    )
                )
                if interface not in dest.interfaces:
                    dest.interfaces.append(interface)

    def join_types(self, dest: TypeDef, sources: Sources[TypeDef]) -> list[AppliedDirective]:
        result = []
        for index, source in enumerate(sources):
            if source is None:
                continue
            facts = self.ctx.facts[index]
            interface_object = facts.is_interface_object(source)
            keys: list[AppliedDirective | None] = [*source.directives_named("key")]
            for key in keys or [None]:
                args: dict[str, ValueNode] = {"graph": self.ctx.graph(index)}
                if key is not None:
                    args["key"] = key.args.get("fields", string(""))
                    if facts.is_extension_key(source, key.from_extension):
                        args["extension"] = boolean(True)
                    if "resolvable" in key.args:
                        args["resolvable"] = key.args["resolvable"]
                if interface_object:
                    args["isInterfaceObject"] = boolean(True)
                result.append(AppliedDirective("join__type", args))
        return result

    def merge_type(self, dest: TypeDef) -> None:
        sources = self.sources(dest.name)
        present = [(i, s) for i, s in enumerate(sources) if s is not None]
        if dest.name not in ROOT_NAMES.values() and not any(s.has_definition for _, s in present):
            self.ctx.error(
                [i for i, s in present if s.has_extension],
                dest.name,
                "is only ever extended (`extend type`); one subgraph must define it",
            )
        dest.description = merge_description([s.description for _, s in present])
        type_directives = [s.directives if s else None for s in sources]
        dest.directives.extend(self.join_types(dest, sources))
        dest.directives.extend(self.ctx.merge_applied(type_directives, only="inaccessible"))
        if dest.kind in ("object", "interface"):
            self.merge_fields(dest, sources)
        elif dest.kind == "union":
            self.merge_union(dest, sources)
        elif dest.kind == "enum":
            self.merge_enum(dest, sources)
        elif dest.kind == "input":
            merge_input_fields(self.ctx, dest, sources)
        dest.directives.extend(self.ctx.merge_applied(type_directives, skip="inaccessible"))

    def abstracted_fields(self, dest: TypeDef, field_name: str) -> dict[int, list[str]]:
        """Per subgraph without `dest`: its @interfaceObject fields standing in for the field."""
        result: dict[int, list[str]] = {}  # subgraph -> interface names
        if not dest.interfaces:
            return result
        for index, subgraph in enumerate(self.ctx.subgraphs):
            if dest.name in subgraph.types:
                continue
            for interface in dest.interfaces:
                stand_in = subgraph.types.get(interface)
                if (
                    stand_in is not None
                    and self.ctx.facts[index].is_interface_object(stand_in)
                    and field_name in stand_in.fields
                ):
                    result.setdefault(index, []).append(interface)
        return result

    def merge_fields(self, dest: TypeDef, sources: Sources[TypeDef]) -> None:
        if dest.kind == "interface":
            self.check_interface(dest, sources)
        names: list[str] = []
        for source in sources:
            for name in source.fields if source else ():
                if name not in names:
                    names.append(name)
        for name in names:
            field_sources: Sources[Field] = [s.fields.get(name) if s else None for s in sources]
            stand_ins = self.abstracted_fields(dest, name) if dest.kind == "object" else {}
            merged = merge_field(self.ctx, dest, field_sources, sources, stand_ins)
            if merged is None:
                continue
            dest.fields[name], overrides = merged
            if dest.kind == "object":
                check_sharing(self.ctx, dest, field_sources, overrides, stand_ins)
            defining = [i for i, f in enumerate(field_sources) if f is not None]
            if dest.name == "Subscription" and len(defining) > 1:
                # A subscription event comes from one subgraph; it cannot be shared.
                self.ctx.error(
                    defining,
                    f"Subscription.{name}",
                    "a subscription field can only be defined in one subgraph",
                )

    def check_interface(self, dest: TypeDef, sources: Sources[TypeDef]) -> None:
        implementations = [t.name for t in self.ctx.types.values() if dest.name in t.interfaces]
        for index, source in enumerate(sources):
            if source is None:
                continue
            subgraph = self.ctx.subgraphs[index]
            if self.ctx.facts[index].is_interface_object(source):
                defined = [name for name in implementations if name in subgraph.types]
                if defined:
                    self.ctx.error(
                        [index],
                        dest.name,
                        f"is an @interfaceObject here, so this subgraph must not define its "
                        f"implementations, but it defines {', '.join(defined)}",
                    )
                continue
            resolvable = [
                k
                for k in source.directives_named("key")
                if getattr(k.args.get("resolvable"), "value", True) is not False
            ]
            missing = [name for name in implementations if name not in subgraph.types]
            if resolvable and missing:
                self.ctx.error(
                    [index],
                    dest.name,
                    "has a resolvable @key but this subgraph lacks the implementations "
                    + ", ".join(missing),
                )

    def merge_union(self, dest: TypeDef, sources: Sources[TypeDef]) -> None:
        for source in sources:
            for member in source.members if source else ():
                if member not in dest.members:
                    dest.members.append(member)
        for member in dest.members:
            for index, source in enumerate(sources):
                if source is not None and member in source.members:
                    dest.directives.append(
                        AppliedDirective(
                            "join__unionMember",
                            {"graph": self.ctx.graph(index), "member": string(member)},
                        )
                    )

    def merge_enum(self, dest: TypeDef, sources: Sources[TypeDef]) -> None:
        usage = self.ctx.enum_usage.get(dest.name) or {"output"}
        names: list[str] = []
        for source in sources:
            for name in source.values if source else ():
                if name not in names:
                    names.append(name)
        for name in names:
            value_sources = [s.values.get(name) if s else None for s in sources]
            value_directives = [v.directives if v else None for v in value_sources]
            inaccessible = self.ctx.merge_applied(value_directives, only="inaccessible")
            joins = [
                AppliedDirective("join__enumValue", {"graph": self.ctx.graph(i)})
                for i, v in enumerate(value_sources)
                if v is not None
            ]
            missing = [i for i, s in enumerate(sources) if s is not None and name not in s.values]
            if missing and not inaccessible and usage != {"output"}:
                if usage == {"input", "output"}:
                    self.ctx.error(
                        [i for i, v in enumerate(value_sources) if v is not None] + missing,
                        f"{dest.name}.{name}",
                        "the enum is used as both input and output, so every subgraph "
                        "defining it must "
                        "define this value; it is missing in "
                        + ", ".join(self.ctx.subgraphs[i].name for i in missing),
                    )
                continue  # input-only enums keep the values every subgraph knows
            dest.values[name] = EnumValue(
                name=name,
                description=merge_description([v.description for v in value_sources if v]),
                directives=inaccessible
                + joins
                + self.ctx.merge_applied(value_directives, skip="inaccessible"),
            )
        if not dest.values:
            self.ctx.error(
                [i for i, s in enumerate(sources) if s is not None],
                dest.name,
                "no value of this enum is defined in every subgraph, "
                "so the merged enum would be empty",
            )

    def add_interface_object_fields(self) -> None:
        """Fields an @interfaceObject adds to an interface also belong to every implementation."""
        for type_def in list(self.ctx.types.values()):
            if type_def.kind != "object":
                continue
            for interface_name in type_def.interfaces:
                interface = self.ctx.types.get(interface_name)
                for name, interface_field in (interface.fields if interface else {}).items():
                    if name in type_def.fields or not self.provided_by_interface_object(
                        interface_name, name
                    ):
                        continue
                    type_def.fields[name] = Field(
                        name=name,
                        type=interface_field.type,
                        args=dict(interface_field.args),
                        description=interface_field.description,
                        directives=[
                            d for d in interface_field.directives if not d.name.startswith("join__")
                        ]
                        + [AppliedDirective("join__field")],
                    )

    def provided_by_interface_object(self, interface: str, field_name: str) -> bool:
        for index, subgraph in enumerate(self.ctx.subgraphs):
            stand_in = subgraph.types.get(interface)
            if stand_in is None or not self.ctx.facts[index].is_interface_object(stand_in):
                continue
            found = stand_in.fields.get(field_name)
            if found is not None and not self.ctx.facts[index].is_external(interface, found):
                return True
        return False


def merge_subgraphs(subgraphs: list[Subgraph], graph_names: list[str]) -> Supergraph:
    """Merge `subgraphs` (already validated one by one); errors are left in the returned context."""
    ctx = MergeContext(
        subgraphs=subgraphs, facts=[SubgraphFacts(s) for s in subgraphs], graph_names=graph_names
    )
    ctx.composed = composed_directives(ctx)
    ctx.demand = demand_directives(ctx)
    if not ctx.errors:
        Merger(ctx).merge()
    if not ctx.errors:
        validate_merged(ctx)
    if not ctx.errors:
        check_satisfiability(ctx)
    if ctx.errors:
        raise CompositionError(ctx.errors)
    return Supergraph(
        graphs=[(graph_names[i], s.name, s.url) for i, s in enumerate(subgraphs)],
        types=ctx.types,
        roots={op: name for op, name in ROOT_NAMES.items() if name in ctx.types},
        directive_definitions=executable_directives(ctx)
        + [c.definition for c in ctx.composed.values()]
        + demand_definitions(ctx.demand),
        composed=list(ctx.composed.values()),
        uses_tag=ctx.uses_tag,
        uses_inaccessible=ctx.uses_inaccessible,
        description=merge_description([s.description for s in subgraphs]),
        demand=ctx.demand,
    )
