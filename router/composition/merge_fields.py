"""Merge the fields of one object type or interface across subgraphs, with their `@join__field`s.

Output fields take the union of what subgraphs define; arguments the intersection. A field gets
`@join__field` entries only when the planner needs them: when some subgraph that has the type lacks
the field, when types differ, or when `@external`, `@requires`, `@provides` or `@override` apply.
"""

from __future__ import annotations

from graphql import TypeNode, ValueNode, print_ast

from router.composition.context import MergeContext, Sources, merge_description
from router.composition.model import AppliedDirective, Field, InputValue, TypeDef, first_directive
from router.composition.override import OverrideOutcome, resolve_overrides
from router.composition.typeref import MemberTest, is_strict_subtype, merge_type_refs, same_type
from router.composition.values import boolean, print_value, string
from router.sdl import named_type


def is_member_in(ctx: MergeContext) -> MemberTest:
    """The subtype test over the merged unions and implemented interfaces."""

    def is_member(abstract: str, concrete: str) -> bool:
        abstract_type = ctx.types.get(abstract)
        concrete_type = ctx.types.get(concrete)
        if abstract_type is None or concrete_type is None:
            return False
        if abstract_type.kind == "union":
            return concrete in abstract_type.members
        return abstract in concrete_type.interfaces

    return is_member


def merge_type(
    ctx: MergeContext, where: str, indexes: list[int], types: list[TypeNode], input_position: bool
) -> tuple[TypeNode, bool]:
    """Merge the types of one element; reports incompatible ones. Returns (type, all_equal)."""
    merged, all_equal, compatible = merge_type_refs(types, is_member_in(ctx), input_position)
    if not compatible:
        detail = ", ".join(
            f"{print_ast(t)} in {ctx.subgraphs[i].name}"
            for i, t in zip(indexes, types, strict=True)
        )
        ctx.error(indexes, where, f"type is incompatible across subgraphs: {detail}")
    name = named_type(merged)
    if name in ctx.types and ctx.types[name].kind == "enum":
        ctx.enum_usage.setdefault(name, set()).add("input" if input_position else "output")
    return merged, all_equal


def merge_default(
    ctx: MergeContext, where: str, indexes: list[int], defaults: list[ValueNode | None]
) -> ValueNode | None:
    """A default survives only if every subgraph has the same one (intersection, as inputs are)."""
    printed = [print_value(d) if d is not None else None for d in defaults]
    distinct = {p for p in printed if p is not None}
    if len(distinct) > 1:
        detail = ", ".join(
            f"{p or 'none'} in {ctx.subgraphs[i].name}"
            for i, p in zip(indexes, printed, strict=True)
        )
        ctx.error(indexes, where, f"default values differ across subgraphs: {detail}")
        return None
    if None in printed:
        return None
    return defaults[0]


def merge_input_value(ctx: MergeContext, where: str, sources: Sources[InputValue]) -> InputValue:
    indexes = [i for i, s in enumerate(sources) if s is not None]
    present = [s for s in sources if s is not None]
    merged_type, _ = merge_type(ctx, where, indexes, [s.type for s in present], input_position=True)
    directive_sources = [s.directives if s else None for s in sources]
    return InputValue(
        name=present[0].name,
        type=merged_type,
        default=merge_default(ctx, where, indexes, [s.default for s in present]),
        description=merge_description([s.description for s in present]),
        directives=ctx.merge_applied(directive_sources),
    )


def merge_arguments(
    ctx: MergeContext, where: str, sources: Sources[Field]
) -> dict[str, InputValue]:
    """Arguments present in every (non-external) definition of the field; a required argument
    missing somewhere fails composition, an optional one is left out."""
    names: list[str] = []
    for source in sources:
        for arg in source.args if source else ():
            if arg not in names:
                names.append(arg)
    merged: dict[str, InputValue] = {}
    for name in names:
        arg_sources: Sources[InputValue] = [s.args.get(name) if s else None for s in sources]
        missing = [i for i, s in enumerate(sources) if s is not None and name not in s.args]
        if missing:
            required = [i for i, a in enumerate(arg_sources) if a is not None and a.is_required]
            if required:
                ctx.error(
                    required + missing,
                    f"{where}({name}:)",
                    "argument is required in "
                    + ", ".join(ctx.subgraphs[i].name for i in required)
                    + " but missing in "
                    + ", ".join(ctx.subgraphs[i].name for i in missing),
                )
            continue
        merged[name] = merge_input_value(ctx, f"{where}({name}:)", arg_sources)
    return merged


def needs_join_field(
    ctx: MergeContext,
    parent_name: str,
    sources: Sources[Field],
    all_equal: bool,
    overrides: OverrideOutcome,
) -> bool:
    if not all_equal or overrides.used_overridden or overrides.labels:
        return True
    for index, source in enumerate(sources):
        if source is not None and index not in overrides.unused_overridden:
            if ctx.facts[index].is_external(parent_name, source) or any(
                d.name in ("requires", "provides") for d in source.directives
            ):
                return True
        elif parent_name in ctx.subgraphs[index].types:
            return True
    return False


def join_fields(
    ctx: MergeContext,
    parent_name: str,
    sources: Sources[Field],
    all_equal: bool,
    overrides: OverrideOutcome,
) -> list[AppliedDirective]:
    if not needs_join_field(ctx, parent_name, sources, all_equal, overrides):
        return []
    result = []
    for index, source in enumerate(sources):
        label = overrides.labels.get(index)
        if source is None or (index in overrides.unused_overridden and label is None):
            continue
        args: dict[str, ValueNode] = {"graph": ctx.graph(index)}
        for name in ("requires", "provides"):
            directive = first_directive(source.directives, name)
            if directive is not None and "fields" in directive.args:
                args[name] = directive.args["fields"]
        override = first_directive(source.directives, "override")
        if override is not None and "from" in override.args:
            args["override"] = override.args["from"]
        if not all_equal:
            args["type"] = string(source.type_str)
        if ctx.facts[index].is_external(parent_name, source):
            args["external"] = boolean(True)
        if index in overrides.used_overridden:
            args["usedOverridden"] = boolean(True)
        if label is not None:
            args["overrideLabel"] = string(label)
        result.append(AppliedDirective("join__field", args))
    return result


def _provided_by_stand_in(ctx: MergeContext, name: str, stand_ins: dict[int, list[str]]) -> bool:
    """Whether an @interfaceObject (of an interface of the parent) resolves the field somewhere."""
    for index, interfaces in stand_ins.items():
        for interface in interfaces:
            field = ctx.subgraphs[index].types[interface].fields[name]
            if not ctx.facts[index].is_external(interface, field):
                return True
    return False


def merge_field(
    ctx: MergeContext,
    parent: TypeDef,
    sources: Sources[Field],
    parents: Sources[TypeDef],
    stand_ins: dict[int, list[str]],
) -> tuple[Field, OverrideOutcome] | None:
    """The supergraph field, and how @override resolved (needed by the sharing check).

    `stand_ins`: per subgraph without the parent type, the @interfaceObject interfaces of the
    parent that define the field there."""
    present = [(i, s) for i, s in enumerate(sources) if s is not None]
    name = present[0][1].name
    where = f"{parent.name}.{name}"
    externals = {i for i, s in present if ctx.facts[i].is_external(parent.name, s)}
    if len(externals) == len(present) and not _provided_by_stand_in(ctx, name, stand_ins):
        ctx.error(
            sorted(externals),
            where,
            "is @external in every subgraph that defines it; at least one subgraph must resolve it",
        )
        return None
    overrides = resolve_overrides(ctx, parent, sources, parents)
    merged_names = ctx.merged_directive_names()
    for i in sorted(externals):
        for directive in sources[i].directives:  # type: ignore[union-attr]
            if directive.name in merged_names:
                ctx.error(
                    [i], where, f"{directive.printed()} cannot be applied to an @external field"
                )
    resolving: Sources[Field] = [None if i in externals else s for i, s in enumerate(sources)]
    if not any(resolving):
        resolving = list(sources)  # only an @interfaceObject resolves it: use the externals
    indexes = [i for i, s in enumerate(resolving) if s is not None]
    merged_type, all_equal = merge_type(
        ctx,
        where,
        indexes,
        [f.type for f in resolving if f is not None],
        input_position=False,
    )
    for i in sorted(externals):
        external_type = sources[i].type  # type: ignore[union-attr]
        if not (
            same_type(merged_type, external_type)
            or (not all_equal and is_strict_subtype(merged_type, external_type, is_member_in(ctx)))
        ):
            ctx.error(
                [i],
                where,
                f"@external type {print_ast(external_type)} does not match the "
                f"type {print_ast(merged_type)} the other subgraphs resolve",
            )
    directive_sources = [s.directives if s else None for s in resolving]
    inaccessible = ctx.merge_applied(directive_sources, only="inaccessible")
    others = ctx.merge_applied(directive_sources, skip="inaccessible")
    merged = Field(
        name=name,
        type=merged_type,
        args=merge_arguments(ctx, where, resolving),
        description=merge_description([s.description for s in resolving if s is not None]),
        directives=inaccessible
        + join_fields(ctx, parent.name, sources, all_equal, overrides)
        + others,
    )
    return merged, overrides


def check_sharing(
    ctx: MergeContext,
    parent: TypeDef,
    sources: Sources[Field],
    overrides: OverrideOutcome,
    abstracted: dict[int, list[str]],
) -> None:
    """A field resolved by several subgraphs must be @shareable in all of them."""
    shareable: list[int] = []
    not_shareable: list[int] = []
    field_name = next(s for s in sources if s is not None).name
    for index, source in enumerate(sources):
        facts = ctx.facts[index]
        if source is None:
            for interface in abstracted.get(index, []):
                stand_in = ctx.subgraphs[index].types[interface].fields[field_name]
                if facts.is_fully_external(interface, stand_in):
                    continue
                is_shareable = facts.is_shareable(interface, field_name)
                (shareable if is_shareable else not_shareable).append(index)
            continue
        if overrides.is_overridden(index) or facts.is_fully_external(parent.name, source):
            continue
        (shareable if facts.is_shareable(parent.name, source.name) else not_shareable).append(index)
    if not_shareable and (shareable or len(not_shareable) > 1):
        name = field_name
        resolvers = sorted(shareable + not_shareable)
        ctx.error(
            resolvers,
            f"{parent.name}.{name}",
            "non-shareable field is resolved by several subgraphs ("
            + ", ".join(ctx.subgraphs[i].name for i in resolvers)
            + "); mark it @shareable in "
            + ", ".join(ctx.subgraphs[i].name for i in not_shareable)
            + " (or use @override to move it)",
        )


def merge_input_fields(ctx: MergeContext, dest: TypeDef, sources: Sources[TypeDef]) -> None:
    """Input object fields: the intersection; a required field missing somewhere is an error."""
    names: list[str] = []
    for source in sources:
        for name in source.input_fields if source else ():
            if name not in names:
                names.append(name)
    for name in names:
        field_sources: Sources[InputValue] = [
            s.input_fields.get(name) if s else None for s in sources
        ]
        where = f"{dest.name}.{name}"
        merged = merge_input_value(ctx, where, field_sources)
        missing = [i for i, s in enumerate(sources) if s is not None and name not in s.input_fields]
        if missing and not any(d.name == "inaccessible" for d in merged.directives):
            required = [i for i, f in enumerate(field_sources) if f is not None and f.is_required]
            if required:
                ctx.error(
                    required + missing,
                    where,
                    "input field is required in "
                    + ", ".join(ctx.subgraphs[i].name for i in required)
                    + " but missing in "
                    + ", ".join(ctx.subgraphs[i].name for i in missing),
                )
            continue
        types = [f.type for f in field_sources if f is not None]
        all_equal = all(same_type(types[0], t) for t in types)
        needs = not all_equal or bool(missing)
        joins = []
        if needs:
            for index, input_field in enumerate(field_sources):
                if input_field is None:
                    continue
                args: dict[str, ValueNode] = {"graph": ctx.graph(index)}
                if not all_equal:
                    args["type"] = string(input_field.type_str)
                joins.append(AppliedDirective("join__field", args))
        inaccessible = [d for d in merged.directives if d.name == "inaccessible"]
        others = [d for d in merged.directives if d.name != "inaccessible"]
        merged.directives = inaccessible + joins + others
        dest.input_fields[name] = merged
    if not dest.input_fields:
        ctx.error(
            [i for i, s in enumerate(sources) if s is not None],
            dest.name,
            "no input field is defined in every subgraph that defines this input type, "
            "so the merged input type would be empty",
        )
