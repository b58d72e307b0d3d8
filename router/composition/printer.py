"""Print a merged supergraph the way Apollo's composition does.

Layout rules (internals-js `print.ts` with `shallowOrderPrintedDefinitions`): schema first, then
directive definitions, then types; directives and types sorted like JavaScript's `localeCompare`;
fields, values and members in merge order; a type's directives one per line under its name.
"""

from __future__ import annotations

from router.composition.directives import COST_URL, demand_link_imports
from router.composition.merge import Supergraph
from router.composition.model import (
    AppliedDirective,
    DirectiveDefinition,
    EnumValue,
    Field,
    InputValue,
    TypeDef,
)
from router.composition.specs import (
    INACCESSIBLE_DIRECTIVE,
    INACCESSIBLE_URL,
    JOIN_DIRECTIVES,
    JOIN_URL,
    LINK_DIRECTIVE,
    LINK_URL,
    SPEC_TYPES,
    TAG_DIRECTIVE,
    TAG_URL,
)
from router.composition.values import print_value

INDENT = "  "
KEYWORDS = {"object": "type", "interface": "interface", "input": "input"}


def locale_key(name: str) -> tuple[str, str]:
    """Sort key close to ICU's root collation (JavaScript `localeCompare`) for GraphQL names:
    case-insensitive first, `_` before digits before letters, lower case before upper case."""
    primary = "".join(" " if c == "_" else c.lower() for c in name)
    tertiary = "".join("0" if c.islower() or not c.isalpha() else "1" for c in name)
    return primary, tertiary


def block_string(value: str, prefer_multiple_lines: bool) -> str:
    single_line = "\n" not in value
    leading_space = value[:1] in (" ", "\t")
    multiple = (
        not single_line or value.endswith('"') or value.endswith("\\") or prefer_multiple_lines
    )
    result = ""
    if multiple and not (single_line and leading_space):
        result += "\n"
    result += value
    if multiple:
        result += "\n"
    return '"""' + result.replace('"""', '\\"""') + '"""'


def description(text: str | None, indentation: str = "", first_in_block: bool = True) -> str:
    if text is None:
        return ""
    printed = block_string(text, len(text) > 70)
    prefix = "\n" + indentation if indentation and not first_in_block else indentation
    return prefix + printed.replace("\n", "\n" + indentation) + "\n"


def directives_inline(directives: list[AppliedDirective]) -> str:
    return "".join(" " + d.printed() for d in directives)


def directives_on_lines(directives: list[AppliedDirective], end_with_new_line: bool) -> str:
    if not directives:
        return ""
    body = ("\n" + INDENT).join(d.printed() for d in directives)
    return "\n" + INDENT + body + ("\n" if end_with_new_line else "")


def input_value(value: InputValue) -> str:
    default = f" = {print_value(value.default)}" if value.default is not None else ""
    return f"{value.name}: {value.type_str}{default}{directives_inline(value.directives)}"


def arguments(args: list[InputValue], indentation: str = "") -> str:
    if not args:
        return ""
    if all(not arg.description for arg in args):
        return "(" + ", ".join(input_value(arg) for arg in args) + ")"
    lines = [
        description(arg.description, INDENT + indentation, i == 0)
        + INDENT
        + indentation
        + input_value(arg)
        for i, arg in enumerate(args)
    ]
    return "(\n" + "\n".join(lines) + "\n" + indentation + ")"


def block(items: list[str]) -> str:
    return "{\n" + "\n".join(items) + "\n}" if items else ""


def field_line(field: Field, first: bool) -> str:
    return (
        description(field.description, INDENT, first)
        + INDENT
        + f"{field.name}{arguments(list(field.args.values()), INDENT)}: {field.type_str}"
        + directives_inline(field.directives)
    )


def input_field_line(field: InputValue, first: bool) -> str:
    return description(field.description, INDENT, first) + INDENT + input_value(field)


def enum_value_line(value: EnumValue, first: bool) -> str:
    return (
        description(value.description, INDENT, first)
        + INDENT
        + value.name
        + directives_inline(value.directives)
    )


def print_type(type_def: TypeDef) -> str:
    head = description(type_def.description)
    if type_def.kind == "scalar":
        return f"{head}scalar {type_def.name}" + directives_on_lines(type_def.directives, False)
    if type_def.kind == "union":
        members = " = " + " | ".join(type_def.members) if type_def.members else ""
        return (
            f"{head}union {type_def.name}"
            + directives_on_lines(type_def.directives, bool(members))
            + members
        )
    if type_def.kind == "enum":
        items = [enum_value_line(v, i == 0) for i, v in enumerate(type_def.values.values())]
        keyword = "enum"
    elif type_def.kind == "input":
        items = [input_field_line(f, i == 0) for i, f in enumerate(type_def.input_fields.values())]
        keyword = "input"
    else:
        items = [field_line(f, i == 0) for i, f in enumerate(type_def.fields.values())]
        keyword = KEYWORDS[type_def.kind]
    implements = " implements " + " & ".join(type_def.interfaces) if type_def.interfaces else ""
    separator = " " if not type_def.directives and items else ""
    return (
        f"{head}{keyword} {type_def.name}{implements}"
        + directives_on_lines(type_def.directives, bool(items))
        + separator
        + block(items)
    )


def print_directive_definition(definition: DirectiveDefinition) -> str:
    repeatable = " repeatable" if definition.repeatable else ""
    return (
        description(definition.description)
        + f"directive @{definition.name}{arguments(list(definition.args.values()))}{repeatable}"
        + " on "
        + " | ".join(definition.locations)
    )


def schema_links(supergraph: Supergraph) -> list[str]:
    links = [f'@link(url: "{LINK_URL}")', f'@link(url: "{JOIN_URL}", for: EXECUTION)']
    if supergraph.uses_tag:
        links.append(f'@link(url: "{TAG_URL}")')
    if supergraph.uses_inaccessible:
        links.append(f'@link(url: "{INACCESSIBLE_URL}", for: SECURITY)')
    if supergraph.demand:
        imports = demand_link_imports(supergraph.demand)
        listed = f", import: [{', '.join(imports)}]" if imports else ""
        links.append(f'@link(url: "{COST_URL}"{listed})')
    imports_by_url: dict[str, list[str]] = {}
    for composed in supergraph.composed:
        imports_by_url.setdefault(composed.link_url, []).append(composed.link_import)
    for url, imports in imports_by_url.items():
        links.append(f'@link(url: "{url}", import: [{", ".join(imports)}])')
    return links


def print_supergraph(supergraph: Supergraph) -> str:
    roots = [f"{INDENT}{operation}: {name}" for operation, name in supergraph.roots.items()]
    schema = (
        description(supergraph.description)
        + "schema\n"
        + "".join(f"{INDENT}{link}\n" for link in schema_links(supergraph))
        + block(roots)
    )

    directives: dict[str, str] = dict(JOIN_DIRECTIVES)
    directives["link"] = LINK_DIRECTIVE
    if supergraph.uses_tag:
        directives["tag"] = TAG_DIRECTIVE
    if supergraph.uses_inaccessible:
        directives["inaccessible"] = INACCESSIBLE_DIRECTIVE
    for definition in supergraph.directive_definitions:
        directives[definition.name] = print_directive_definition(definition)

    types: dict[str, str] = dict(SPEC_TYPES)
    graphs = [
        f'{INDENT}{value} @join__graph(name: "{name}", url: "{url}")'
        for value, name, url in supergraph.graphs
    ]
    types["join__Graph"] = "enum join__Graph " + block(graphs)
    for name, type_def in supergraph.types.items():
        types[name] = print_type(type_def)

    parts = [schema]
    parts += [directives[name] for name in sorted(directives, key=locale_key)]
    parts += [types[name] for name in sorted(types, key=locale_key)]
    return "\n\n".join(parts) + "\n"
