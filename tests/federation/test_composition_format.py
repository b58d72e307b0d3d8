"""The supergraph text is exactly what Apollo's composition prints (join v0.5)."""

from __future__ import annotations

from router.composition import SubgraphSDL, compose

FEDERATION = '@link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key"])'

# Apollo composition-js "generates a valid supergraph": the same two subgraphs, whose
# supergraph Apollo prints as below (verified byte for byte against its test expectation).
FIRST = f"""
extend schema {FEDERATION}
type Query {{ t: T }}
type T @key(fields: "k") {{ k: ID }}
type S {{ x: Int }}
union U = S | T
"""
SECOND = f"""
extend schema {FEDERATION}
type T @key(fields: "k") {{ k: ID a: Int b: String }}
enum E {{ V1 V2 }}
"""

EXPECTED = '''schema
  @link(url: "https://specs.apollo.dev/link/v1.0")
  @link(url: "https://specs.apollo.dev/join/v0.5", for: EXECUTION)
{
  query: Query
}

directive @join__directive(graphs: [join__Graph!], name: String!, args: join__DirectiveArguments) repeatable on SCHEMA | OBJECT | INTERFACE | FIELD_DEFINITION

directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE

directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, type: String, external: Boolean, override: String, usedOverridden: Boolean, overrideLabel: String, contextArguments: [join__ContextArgument!]) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION

directive @join__graph(name: String!, url: String!) on ENUM_VALUE

directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE

directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR

directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION

directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA

enum E
  @join__type(graph: SUBGRAPH2)
{
  V1 @join__enumValue(graph: SUBGRAPH2)
  V2 @join__enumValue(graph: SUBGRAPH2)
}

input join__ContextArgument {
  name: String!
  type: String!
  context: String!
  selection: join__FieldValue!
}

scalar join__DirectiveArguments

scalar join__FieldSet

scalar join__FieldValue

enum join__Graph {
  SUBGRAPH1 @join__graph(name: "Subgraph1", url: "https://Subgraph1")
  SUBGRAPH2 @join__graph(name: "Subgraph2", url: "https://Subgraph2")
}

scalar link__Import

enum link__Purpose {
  """
  `SECURITY` features provide metadata necessary to securely resolve fields.
  """
  SECURITY

  """
  `EXECUTION` features provide metadata necessary for operation execution.
  """
  EXECUTION
}

type Query
  @join__type(graph: SUBGRAPH1)
  @join__type(graph: SUBGRAPH2)
{
  t: T @join__field(graph: SUBGRAPH1)
}

type S
  @join__type(graph: SUBGRAPH1)
{
  x: Int
}

type T
  @join__type(graph: SUBGRAPH1, key: "k")
  @join__type(graph: SUBGRAPH2, key: "k")
{
  k: ID
  a: Int @join__field(graph: SUBGRAPH2)
  b: String @join__field(graph: SUBGRAPH2)
}

union U
  @join__type(graph: SUBGRAPH1)
  @join__unionMember(graph: SUBGRAPH1, member: "S")
  @join__unionMember(graph: SUBGRAPH1, member: "T")
 = S | T
'''


def test_output_matches_apollo_byte_for_byte() -> None:
    supergraph = compose(
        [
            SubgraphSDL("Subgraph2", "https://Subgraph2", SECOND),
            SubgraphSDL("Subgraph1", "https://Subgraph1", FIRST),
        ]
    )
    assert supergraph == EXPECTED


def test_subgraphs_are_ordered_by_name_whatever_the_input_order() -> None:
    forward = compose(
        [
            SubgraphSDL("Subgraph1", "https://Subgraph1", FIRST),
            SubgraphSDL("Subgraph2", "https://Subgraph2", SECOND),
        ]
    )
    assert forward == EXPECTED


def test_graph_enum_values_are_sanitised_like_apollo() -> None:
    body = f"extend schema {FEDERATION}\ntype Query {{ a: Int }}"
    other = f"extend schema {FEDERATION}\ntype Query {{ b: Int }}"
    supergraph = compose(
        [
            SubgraphSDL("my-service", "http://a", body),
            SubgraphSDL("2nd.graph_1", "http://b", other),
        ]
    )
    assert '_2ND_GRAPH_1_ @join__graph(name: "2nd.graph_1", url: "http://b")' in supergraph
    assert 'MY_SERVICE @join__graph(name: "my-service", url: "http://a")' in supergraph


def test_descriptions_arguments_and_defaults_print_like_apollo() -> None:
    sdl = f'''
    extend schema {FEDERATION}
    """Entry points"""
    type Query {{
      """Find things; a description longer than seventy characters goes on several lines."""
      find(
        "how many"
        first: Int = 10
        order: Order = ASC
      ): [String!]!
      plain(tags: [String!] = ["a", "b"], where: Where = {{name: "x"}}): Int
    }}
    enum Order {{ ASC DESC }}
    input Where {{ name: String }}
    '''
    supergraph = compose([SubgraphSDL("one", "http://one", sdl)])
    expected_query = '''"""Entry points"""
type Query
  @join__type(graph: ONE)
{
  """
  Find things; a description longer than seventy characters goes on several lines.
  """
  find(
    """how many"""
    first: Int = 10
    order: Order = ASC
  ): [String!]!
  plain(tags: [String!] = ["a", "b"], where: Where = {name: "x"}): Int
}'''
    assert expected_query in supergraph
