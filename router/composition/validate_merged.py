"""Checks on the merged supergraph: `@inaccessible` must leave a consistent public API.

An element hidden with `@inaccessible` may not be needed by a visible one: a visible field cannot
return a hidden type, and a hidden argument or input field cannot be required.
"""

from __future__ import annotations

from router.composition.context import MergeContext
from router.composition.model import AppliedDirective, InputValue, has_directive
from router.sdl import named_type


def _hidden(directives: list[AppliedDirective]) -> bool:
    return has_directive(directives, "inaccessible")


def _defining(ctx: MergeContext, type_name: str) -> list[int]:
    return [i for i, s in enumerate(ctx.subgraphs) if type_name in s.types]


def validate_merged(ctx: MergeContext) -> None:
    hidden_types = {name for name, t in ctx.types.items() if _hidden(t.directives)}
    for type_def in ctx.types.values():
        if _hidden(type_def.directives):
            continue
        owners = _defining(ctx, type_def.name)

        def check_input(where: str, value: InputValue, owners: list[int] = owners) -> None:
            if _hidden(value.directives):
                if value.is_required:
                    ctx.error(owners, where, "is required, so it cannot be @inaccessible")
                return
            referenced = named_type(value.type)
            if referenced in hidden_types:
                ctx.error(owners, where, f"is visible but its type {referenced} is @inaccessible")

        for field in type_def.fields.values():
            where = f"{type_def.name}.{field.name}"
            if _hidden(field.directives):
                continue
            referenced = named_type(field.type)
            if referenced in hidden_types:
                ctx.error(
                    owners,
                    where,
                    f"is visible but its type {referenced} is @inaccessible "
                    "(mark the field @inaccessible too)",
                )
            for arg in field.args.values():
                check_input(f"{where}({arg.name}:)", arg)
        for input_field in type_def.input_fields.values():
            check_input(f"{type_def.name}.{input_field.name}", input_field)
    check_interface_fields(ctx)
    query = ctx.types.get("Query")
    if query is not None and _hidden(query.directives):
        ctx.error(_defining(ctx, "Query"), "Query", "the query root type cannot be @inaccessible")


def check_interface_fields(ctx: MergeContext) -> None:
    """Each object must have every field of the interfaces it implements, once merged."""
    for type_def in ctx.types.values():
        if type_def.kind not in ("object", "interface"):
            continue
        for interface_name in type_def.interfaces:
            interface = ctx.types.get(interface_name)
            for name in interface.fields if interface else ():
                if name in type_def.fields:
                    continue
                declaring = [
                    i
                    for i, s in enumerate(ctx.subgraphs)
                    if name in getattr(s.types.get(interface_name), "fields", {})
                ]
                implementing = _defining(ctx, type_def.name)
                ctx.error(
                    sorted(set(declaring + implementing)),
                    f"{type_def.name}.{name}",
                    f"{type_def.name} implements {interface_name}, whose field {name} "
                    f"({', '.join(ctx.subgraphs[i].name for i in declaring)}) it lacks; "
                    f"define {type_def.name}.{name} where {type_def.name} is defined",
                )
