"""Directive definitions that reach the supergraph besides the spec ones.

- `@composeDirective(name: "@x")`: the custom directive `@x`, which must come from a `@link`ed
  spec, keeps its definition and applications, and the supergraph links the same spec.
- Executable directives (usable in operations) defined in every subgraph, with only the locations
  every subgraph accepts, since the router may forward them to any subgraph.
- Demand control (`@cost`, `@listSize`, federation 2.9): applied anywhere, both are defined and
  the supergraph links the cost spec, as Apollo's composition does (see `demand_directives`).
"""

from __future__ import annotations

from graphql import DirectiveDefinitionNode, parse_type

from router.composition.context import ComposedDirective, MergeContext, merge_description
from router.composition.links import DEMAND_DIRECTIVES
from router.composition.model import DirectiveDefinition, InputValue
from router.composition.values import boolean

EXECUTABLE_LOCATIONS = frozenset(
    {
        "QUERY",
        "MUTATION",
        "SUBSCRIPTION",
        "FIELD",
        "FRAGMENT_DEFINITION",
        "FRAGMENT_SPREAD",
        "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION",
    }
)


def definition_from_node(
    node: DirectiveDefinitionNode, locations: list[str] | None = None
) -> DirectiveDefinition:
    return DirectiveDefinition(
        name=node.name.value,
        args={
            arg.name.value: InputValue(
                name=arg.name.value,
                type=arg.type,
                default=arg.default_value,
                description=arg.description.value if arg.description else None,
            )
            for arg in node.arguments or ()
        },
        locations=locations if locations is not None else [loc.value for loc in node.locations],
        repeatable=node.repeatable,
        description=node.description.value if node.description else None,
    )


def composed_directives(ctx: MergeContext) -> dict[str, ComposedDirective]:
    result: dict[str, ComposedDirective] = {}
    for subgraph in ctx.subgraphs:
        for name in subgraph.composed_directives:
            node = subgraph.directive_definitions.get(name)
            link = next((link for link in subgraph.names.links if name in link.imports), None)
            if node is None or link is None or name in result:
                continue  # missing ones are reported by the subgraph checks
            original = link.imports[name]
            imported = (
                f'"@{name}"' if original == name else f'{{name: "@{original}", as: "@{name}"}}'
            )
            result[name] = ComposedDirective(definition_from_node(node), link.url, imported)
    return result


def executable_directives(ctx: MergeContext) -> list[DirectiveDefinition]:
    if not ctx.subgraphs:
        return []
    result = []
    for name, first in ctx.subgraphs[0].directive_definitions.items():
        if name in ctx.composed:
            continue
        nodes = [s.directive_definitions.get(name) for s in ctx.subgraphs]
        if any(node is None for node in nodes):
            continue
        present = [node for node in nodes if node is not None]
        locations = sorted(
            loc.value for loc in first.locations if loc.value in EXECUTABLE_LOCATIONS
        )
        for node in present[1:]:
            theirs = {loc.value for loc in node.locations}
            locations = [loc for loc in locations if loc in theirs]
        if not locations:
            continue
        definition = definition_from_node(first, locations)
        definition.repeatable = all(node.repeatable for node in present)
        definition.description = merge_description(
            [node.description.value if node.description else None for node in present]
        )
        result.append(definition)
    return result


COST_URL = "https://specs.apollo.dev/cost/v0.1"
# Each demand control directive's name in the supergraph when it is not imported by the link.
DEMAND_DEFAULT_NAMES = {"cost": "cost", "listSize": "cost__listSize"}


def demand_directives(ctx: MergeContext) -> dict[str, str]:
    """Canonical name -> supergraph name of each demand control directive some subgraph applies.

    The supergraph uses the subgraphs' own name for it (`@cost`, or what it was imported as),
    which must be the same in every subgraph that applies it (Apollo's LINK_IMPORT_NAME_MISMATCH).
    """
    result: dict[str, str] = {}
    for canonical in DEMAND_DIRECTIVES:
        used = [
            (index, subgraph.demand_names[canonical])
            for index, subgraph in enumerate(ctx.subgraphs)
            if canonical in subgraph.demand_names
        ]
        if not used:
            continue
        if len({name for _, name in used}) > 1:
            ctx.error(
                [index for index, _ in used],
                "schema",
                f'"@{canonical}" (from {COST_URL}) is imported with mismatched names: '
                + ", ".join(f'"@{name}" in {ctx.subgraphs[index].name}' for index, name in used),
            )
            continue
        result[canonical] = used[0][1]
    return result


def demand_definitions(demand: dict[str, str]) -> list[DirectiveDefinition]:
    """The cost spec's directives, both defined whichever of them is used (the spec is linked
    whole); a directive the link does not import keeps its spec-prefixed name."""
    if not demand:
        return []

    def arg(name: str, type_text: str, default: bool | None = None) -> InputValue:
        value = boolean(default) if default is not None else None
        return InputValue(name=name, type=parse_type(type_text), default=value)

    cost = DirectiveDefinition(
        name=demand.get("cost", DEMAND_DEFAULT_NAMES["cost"]),
        args={"weight": arg("weight", "Int!")},
        locations=[
            "ARGUMENT_DEFINITION",
            "ENUM",
            "FIELD_DEFINITION",
            "INPUT_FIELD_DEFINITION",
            "OBJECT",
            "SCALAR",
        ],
    )
    list_size = DirectiveDefinition(
        name=demand.get("listSize", DEMAND_DEFAULT_NAMES["listSize"]),
        args={
            "assumedSize": arg("assumedSize", "Int"),
            "slicingArguments": arg("slicingArguments", "[String!]"),
            "sizedFields": arg("sizedFields", "[String!]"),
            "requireOneSlicingArgument": arg("requireOneSlicingArgument", "Boolean", True),
        },
        locations=["FIELD_DEFINITION"],
    )
    return [cost, list_size]


def demand_link_imports(demand: dict[str, str]) -> list[str]:
    """What the supergraph's cost spec `@link` imports: each used directive whose name is not
    the spec's default for it (so `@cost` itself is never listed)."""
    imports = []
    for canonical in DEMAND_DIRECTIVES:
        name = demand.get(canonical)
        if name is None or name == DEMAND_DEFAULT_NAMES[canonical]:
            continue
        imports.append(
            f'"@{canonical}"' if name == canonical else f'{{name: "@{canonical}", as: "@{name}"}}'
        )
    return imports
