"""Directive definitions that reach the supergraph besides the spec ones.

- `@composeDirective(name: "@x")`: the custom directive `@x`, which must come from a `@link`ed
  spec, keeps its definition and applications, and the supergraph links the same spec.
- Executable directives (usable in operations) defined in every subgraph, with only the locations
  every subgraph accepts, since the router may forward them to any subgraph.
"""

from __future__ import annotations

from graphql import DirectiveDefinitionNode

from router.composition.context import ComposedDirective, MergeContext, merge_description
from router.composition.model import DirectiveDefinition, InputValue

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
