"""`@cost` and `@listSize` (federation 2.9) reach the supergraph as Apollo's composition puts
them there: the cost spec linked on the schema (importing what is not the spec's default name),
both directives defined, each application kept after `@join__*`, applications of one element in
several subgraphs merged with Apollo's argument strategies. Subgraphs that use neither compose
exactly as before.

The expected texts follow @apollo/composition's output for the same subgraphs (its
demand-control tests and the supergraph fixtures of Apollo's router)."""

from __future__ import annotations

import re

import pytest
from graphql import print_schema

from router.api_schema import build_api_schema
from router.composition import CompositionError, SubgraphSDL, compose
from router.supergraph import Supergraph

COST_DEFINITION = (
    "directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION"
    " | INPUT_FIELD_DEFINITION | OBJECT | SCALAR"
)
LIST_SIZE_ARGUMENTS = (
    "(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!],"
    " requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION"
)


def fed(body: str, imports: str = '"@key", "@shareable", "@cost", "@listSize"') -> str:
    link = f'@link(url: "https://specs.apollo.dev/federation/v2.9", import: [{imports}])'
    return f"extend schema {link}\n{body}"


def supergraph(**subgraphs: str) -> str:
    return compose([SubgraphSDL(name, f"http://{name}", sdl) for name, sdl in subgraphs.items()])


def errors(**subgraphs: str) -> list[str]:
    with pytest.raises(CompositionError) as caught:
        supergraph(**subgraphs)
    return caught.value.errors


def schema_block(sdl: str) -> str:
    return sdl[: sdl.index("}") + 1]


def line(sdl: str, start: str) -> str:
    found = [row.strip() for row in sdl.splitlines() if row.strip().startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


COSTS = fed(
    """
    enum AorB @cost(weight: 15) { A B }
    input InputTypeWithCost { somethingWithCost: Int @cost(weight: 20) }
    scalar ExpensiveInt @cost(weight: 30)
    type ExpensiveObject @cost(weight: 40) { id: ID }
    type Query {
      fieldWithCost: Int @cost(weight: 5)
      argWithCost(arg: Int @cost(weight: 10)): Int
      enumWithCost: AorB
      inputWithCost(someInput: InputTypeWithCost): Int
      scalarWithCost: ExpensiveInt
      objectWithCost: ExpensiveObject
    }
    """
)
LIST_SIZES = fed(
    """
    type HasInts { ints: [Int!] }
    type Query {
      fieldWithListSize: [String!] @listSize(assumedSize: 2000, requireOneSlicingArgument: false)
      fieldWithDynamicListSize(first: Int!): HasInts
        @listSize(slicingArguments: ["first"], sizedFields: ["ints"], requireOneSlicingArgument: true)
    }
    """
)


def test_cost_and_list_size_are_kept_with_the_cost_spec_linked() -> None:
    sdl = supergraph(subgraphWithCost=COSTS, subgraphWithListSize=LIST_SIZES)
    assert schema_block(sdl) == (
        "schema\n"
        '  @link(url: "https://specs.apollo.dev/link/v1.0")\n'
        '  @link(url: "https://specs.apollo.dev/join/v0.5", for: EXECUTION)\n'
        '  @link(url: "https://specs.apollo.dev/cost/v0.1", import: ["@listSize"])\n'
        "{\n  query: Query\n}"
    )
    assert COST_DEFINITION in sdl.splitlines()
    assert f"directive @listSize{LIST_SIZE_ARGUMENTS}" in sdl.splitlines()
    # Directive definitions sorted as Apollo sorts them: @cost first, @listSize after @link.
    names = re.findall(r"^directive @(\w+)", sdl, re.M)
    assert names[0] == "cost" and names.index("listSize") == names.index("link") + 1
    assert "enum AorB\n  @join__type(graph: SUBGRAPHWITHCOST)\n  @cost(weight: 15)\n{" in sdl
    assert "scalar ExpensiveInt\n  @join__type(graph: SUBGRAPHWITHCOST)\n  @cost(weight: 30)" in sdl
    assert (
        "type ExpensiveObject\n  @join__type(graph: SUBGRAPHWITHCOST)\n  @cost(weight: 40)\n{"
        in sdl
    )
    assert line(sdl, "somethingWithCost") == "somethingWithCost: Int @cost(weight: 20)"
    assert line(sdl, "fieldWithCost") == (
        "fieldWithCost: Int @join__field(graph: SUBGRAPHWITHCOST) @cost(weight: 5)"
    )
    assert line(sdl, "argWithCost") == (
        "argWithCost(arg: Int @cost(weight: 10)): Int @join__field(graph: SUBGRAPHWITHCOST)"
    )
    assert line(sdl, "fieldWithListSize") == (
        "fieldWithListSize: [String!] @join__field(graph: SUBGRAPHWITHLISTSIZE)"
        " @listSize(assumedSize: 2000, requireOneSlicingArgument: false)"
    )
    assert line(sdl, "fieldWithDynamicListSize") == (
        "fieldWithDynamicListSize(first: Int!): HasInts @join__field(graph: SUBGRAPHWITHLISTSIZE)"
        ' @listSize(slicingArguments: ["first"], sizedFields: ["ints"],'
        " requireOneSlicingArgument: true)"
    )
    # The router reads it, and clients never see the directives.
    api = print_schema(build_api_schema(Supergraph(sdl).document))
    assert (
        "cost" not in api.replace("WithCost", "").replace("Expensive", "") and "listSize" not in api
    )


def test_only_cost_used_links_the_spec_without_imports() -> None:
    sdl = supergraph(a=fed("type Query { a: Int @cost(weight: 3) }"))
    assert '@link(url: "https://specs.apollo.dev/cost/v0.1")\n{' in sdl
    # The spec is linked whole: @listSize is defined under its prefixed name.
    assert f"directive @cost__listSize{LIST_SIZE_ARGUMENTS}" in sdl.splitlines()
    assert COST_DEFINITION in sdl.splitlines()


def test_renamed_imports_keep_their_names() -> None:
    imports = '{name: "@cost", as: "@weigh"}, {name: "@listSize", as: "@sized"}'
    sdl = supergraph(
        a=fed("type Query { a: [Int] @weigh(weight: 2) @sized(assumedSize: 4) }", imports)
    )
    assert (
        '@link(url: "https://specs.apollo.dev/cost/v0.1", import: [{name: "@cost", as: "@weigh"},'
        ' {name: "@listSize", as: "@sized"}])'
    ) in sdl
    assert line(sdl, "a: [Int]") == "a: [Int] @weigh(weight: 2) @sized(assumedSize: 4)"
    assert "directive @weigh(weight: Int!)" in sdl and "directive @sized(assumedSize: Int" in sdl


def test_directives_linked_from_the_cost_spec_itself() -> None:
    sdl = supergraph(
        a=(
            'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])'
            ' @link(url: "https://specs.apollo.dev/cost/v0.1", import: ["@cost", "@listSize"])\n'
            "type Query { a: [Int] @cost(weight: 2) @listSize(assumedSize: 4) }"
        )
    )
    assert line(sdl, "a: [Int]") == "a: [Int] @cost(weight: 2) @listSize(assumedSize: 4)"


def test_shared_fields_merge_arguments_with_apollo_strategies() -> None:
    sdl = supergraph(
        a=fed(
            """
            type Query {
              shared(first: Int, last: Int): [Int] @shareable @cost(weight: 5)
                @listSize(assumedSize: 10, slicingArguments: ["first"], requireOneSlicingArgument: false)
              same: [Int] @shareable @listSize(assumedSize: 7)
            }
            """
        ),
        b=fed(
            """
            type Query {
              shared(first: Int, last: Int): [Int] @shareable @cost(weight: 10)
                @listSize(assumedSize: 20, slicingArguments: ["last"])
              same: [Int] @shareable @listSize(assumedSize: 7)
            }
            """
        ),
    )
    # The highest weight and size, the union of slicing arguments, one optional: optional.
    assert line(sdl, "shared(") == (
        "shared(first: Int, last: Int): [Int] @cost(weight: 10)"
        ' @listSize(assumedSize: 20, slicingArguments: ["first", "last"],'
        " requireOneSlicingArgument: false)"
    )
    assert line(sdl, "same:") == "same: [Int] @listSize(assumedSize: 7)"


def test_a_name_imported_differently_is_an_error() -> None:
    renamed = fed("type Query { b: Int @weigh(weight: 1) }", '{name: "@cost", as: "@weigh"}')
    assert errors(a=fed("type Query { a: Int @cost(weight: 1) }"), b=renamed) == [
        '[a, b] schema: "@cost" (from https://specs.apollo.dev/cost/v0.1) is imported with '
        'mismatched names: "@cost" in a, "@weigh" in b'
    ]


def test_subgraph_rules_of_cost_and_list_size() -> None:
    assert errors(
        a=fed(
            """
            type Query {
              i: I
              notList: Int @listSize(assumedSize: 1)
              negative: [Int] @listSize(assumedSize: -5)
              slicedBy(first: String, n: Int!): [Int] @listSize(slicingArguments: ["first", "n", "missing"])
              sizedScalar: Int @listSize(sizedFields: ["x"])
              sized: Page @listSize(sizedFields: ["items", "total", "nope"])
            }
            interface I { x: Int @cost(weight: 2) }
            type Page { items: [Int] total: Int }
            """
        )
    ) == [
        "[a] Query.notList: @listSize on a field that is not a list needs sizedFields",
        "[a] Query.negative: @listSize(assumedSize:) cannot be negative",
        '[a] Query.slicedBy: @listSize slicing argument "first" must be Int or Int!',
        '[a] Query.slicedBy: @listSize slicing argument "missing" is not an argument here',
        "[a] Query.sizedScalar: @listSize(sizedFields:) needs an object type, not Int",
        '[a] Query.sized: @listSize sized field "Page.total" is not a list',
        '[a] Query.sized: @listSize sized field "nope" is not a field of Page',
        "[a] I.x: @cost cannot be applied to interface fields",
    ]


def test_cost_needs_federation_2_9() -> None:
    link = '@link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@cost"])'
    assert errors(a=f"extend schema {link}\ntype Query {{ a: Int @cost(weight: 1) }}") == [
        "[a] Query.a: directive @cost is not defined (@cost needs federation v2.9 or later; "
        "this subgraph links v2.5)"
    ]


def test_a_subgraph_directive_of_its_own_named_cost_is_not_federations() -> None:
    # Not imported from federation: the subgraph's own @cost, which composition drops as before.
    own = (
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\n'
        "directive @cost(complexity: Int) on FIELD_DEFINITION\n"
        "type Query { a: Int @cost(complexity: 3) }"
    )
    sdl = supergraph(a=own)
    assert "cost" not in sdl
    assert sdl == supergraph(
        a=own.replace(" @cost(complexity: 3)", "").replace(
            "directive @cost(complexity: Int) on FIELD_DEFINITION\n", ""
        )
    )


def test_federation_1_cost_is_the_subgraphs_own() -> None:
    sdl = supergraph(
        a="directive @cost(complexity: Int) on FIELD_DEFINITION\n"
        "type Query { a: Int @cost(complexity: 3) }"
    )
    assert "cost" not in sdl
