"""How types merge across subgraphs: compatible field types, enums, inputs, unions, descriptions,
what never reaches the supergraph, and federation 1 subgraphs.

Expected blocks were checked against Apollo's composition (@apollo/composition 2.14).
"""

from __future__ import annotations

from tests.federation.test_composition_directives import block, fed, supergraph


def test_compatible_field_types_keep_the_general_type_and_record_each() -> None:
    sdl = supergraph(
        a=fed("type Query { v(x: Int!): String! @shareable } type U @shareable { n: String! }"),
        b=fed("type Query { v(x: Int): String @shareable } type U @shareable { n: String }"),
    )
    # Outputs keep the most general type, arguments the most specific.
    assert (
        '  v(x: Int!): String @join__field(graph: A, type: "String!") '
        '@join__field(graph: B, type: "String")'
    ) in block(sdl, "Query")
    assert (
        '  n: String @join__field(graph: A, type: "String!") @join__field(graph: B, type: "String")'
    ) in block(sdl, "U")


def test_enums_merge_by_usage() -> None:
    sdl = supergraph(
        a=fed(
            "type Query { o: Out @shareable i(x: In): Int @shareable } enum Out { A B } enum In { A B }"
        ),
        b=fed(
            "type Query { o: Out @shareable i(x: In): Int @shareable } enum Out { A C } enum In { A C }"
        ),
    )
    # Output-only: the union of values; input-only: the intersection.
    assert block(sdl, "Out") == (
        "enum Out\n"
        "  @join__type(graph: A)\n"
        "  @join__type(graph: B)\n"
        "{\n"
        "  A @join__enumValue(graph: A) @join__enumValue(graph: B)\n"
        "  B @join__enumValue(graph: A)\n"
        "  C @join__enumValue(graph: B)\n"
        "}"
    )
    assert block(sdl, "In") == (
        "enum In\n"
        "  @join__type(graph: A)\n"
        "  @join__type(graph: B)\n"
        "{\n"
        "  A @join__enumValue(graph: A) @join__enumValue(graph: B)\n"
        "}"
    )


def test_input_types_intersect() -> None:
    sdl = supergraph(
        a=fed(
            "type Query { f(i: I): Int @shareable } input I { a: Int b: String c: Int! = 3 d: Int }"
        ),
        b=fed("type Query { f(i: I): Int @shareable } input I { a: Int c: Int! = 3 d: Int! }"),
    )
    assert block(sdl, "I") == (
        "input I\n"
        "  @join__type(graph: A)\n"
        "  @join__type(graph: B)\n"
        "{\n"
        "  a: Int\n"
        "  c: Int! = 3\n"
        '  d: Int! @join__field(graph: A, type: "Int") @join__field(graph: B, type: "Int!")\n'
        "}"
    )


def test_unions_and_implements_per_subgraph() -> None:
    sdl = supergraph(
        a=fed(
            "type Query { s: [R] @shareable } union R = X | Y type X @shareable { x: Int } "
            "type Y { y: Int } interface I { id: ID } type Z implements I @shareable { id: ID }"
        ),
        b=fed(
            "type Query { s: [R] @shareable } union R = X type X @shareable { x: Int } "
            "interface I { id: ID } type Z implements I @shareable { id: ID w: Int }"
        ),
    )
    assert block(sdl, "R") == (
        "union R\n"
        "  @join__type(graph: A)\n"
        "  @join__type(graph: B)\n"
        '  @join__unionMember(graph: A, member: "X")\n'
        '  @join__unionMember(graph: B, member: "X")\n'
        '  @join__unionMember(graph: A, member: "Y")\n'
        " = X | Y"
    )
    assert block(sdl, "Z").startswith(
        "type Z implements I\n"
        '  @join__implements(graph: A, interface: "I")\n'
        '  @join__implements(graph: B, interface: "I")\n'
        "  @join__type(graph: A)\n"
        "  @join__type(graph: B)\n"
    )


def test_descriptions_deprecation_and_specified_by_are_kept() -> None:
    sdl = supergraph(
        a=fed(
            '"""Entry points""" type Query { "find things" f("the x" x: Int = 1): String '
            '@deprecated(reason: "use g") } "Money as a string" scalar Money '
            '@specifiedBy(url: "https://money.example")'
        ),
        b=fed("type Query { g: Money } scalar Money"),
    )
    assert block(sdl, "Money") == (
        '"""Money as a string"""\n'
        "scalar Money\n"
        "  @join__type(graph: A)\n"
        "  @join__type(graph: B)\n"
        '  @specifiedBy(url: "https://money.example")'
    )
    query = block(sdl, "Query")
    assert query.startswith('"""Entry points"""\ntype Query\n')
    assert (
        '  """find things"""\n  f(\n    """the x"""\n    x: Int = 1\n  ): String '
        '@join__field(graph: A) @deprecated(reason: "use g")'
    ) in query


def test_federation_plumbing_never_reaches_the_supergraph() -> None:
    strawberry_like = fed(
        "type Query { _entities(representations: [_Any!]!): [_Entity]! _service: _Service! "
        'me: User } type User @key(fields: "id") { id: ID! } scalar _Any union _Entity = User '
        "type _Service { sdl: String! }"
    )
    sdl = supergraph(users=strawberry_like)
    for plumbing in ("_entities", "_service", "_Any", "_Entity", "_Service", "federation__"):
        assert plumbing not in sdl
    assert block(sdl, "Query") == ("type Query\n  @join__type(graph: USERS)\n{\n  me: User\n}")


def test_renamed_root_types_become_query_and_mutation() -> None:
    sdl = supergraph(
        a=fed(
            "schema { query: RootQuery mutation: RootMutation } type RootQuery { a: Int } "
            "type RootMutation { m: Int }"
        ),
    )
    assert "  query: Query\n  mutation: Mutation\n" in sdl
    assert "RootQuery" not in sdl and "RootMutation" not in sdl


def test_extension_fields_come_after_the_definition_fields() -> None:
    sdl = supergraph(
        a=fed(
            "extend type Query { b: Int c: Int } type Query { a: Int } extend type Query { d: Int }"
        )
    )
    assert block(sdl, "Query") == (
        "type Query\n  @join__type(graph: A)\n{\n  a: Int\n  b: Int\n  c: Int\n  d: Int\n}"
    )


def test_federation_1_subgraphs_are_upgraded_like_apollo_does() -> None:
    # No @link: federation 1. Its `extend type` is a plain definition, the key field's @external
    # on an extension does not count, the unused external goes, the non-external `age` leaves
    # the @provides, and fields or value types other subgraphs also resolve become shareable.
    sdl = supergraph(
        a='type Query { me: User } type User @key(fields: "id") { id: ID! name: String } '
        "type Money { amount: Int }",
        b='extend type Query { others: [User] @provides(fields: "name age") } '
        'extend type User @key(fields: "id") { id: ID! @external name: String @external age: Int '
        "unused: Int @external } type Money { amount: Int }",
    )
    assert block(sdl, "User") == (
        "type User\n"
        '  @join__type(graph: A, key: "id")\n'
        '  @join__type(graph: B, key: "id")\n'
        "{\n"
        "  id: ID!\n"
        "  name: String @join__field(graph: A) @join__field(graph: B, external: true)\n"
        "  age: Int @join__field(graph: B)\n"
        "}"
    )
    assert '  others: [User] @join__field(graph: B, provides: "name")' in block(sdl, "Query")
    assert block(sdl, "Money") == (
        "type Money\n  @join__type(graph: A)\n  @join__type(graph: B)\n{\n  amount: Int\n}"
    )


def test_executable_directives_defined_everywhere_keep_their_common_locations() -> None:
    sdl = supergraph(
        a=fed(
            '"Log it" directive @log(level: String = "info") repeatable on FIELD | QUERY | OBJECT\n'
            "directive @only on FIELD\ntype Query { a: Int }"
        ),
        b=fed('directive @log(level: String = "info") on FIELD | MUTATION\ntype Query { b: Int }'),
    )
    assert '\n"""Log it"""\ndirective @log(level: String = "info") on FIELD\n' in sdl
    assert "@only" not in sdl


def test_schema_and_enum_value_descriptions_are_kept() -> None:
    sdl = supergraph(
        a=fed(
            '"A cool schema" schema { query: Query } '
            '"Available queries\\nNot much yet" type Query { "Returns tea" t: String }'
        ),
        b=fed('"An enum" enum E { "The A value" A "The B value" B } type Query { e: E }'),
    )
    assert sdl.startswith('"""A cool schema"""\nschema\n')
    assert block(sdl, "Query").startswith('"""\nAvailable queries\nNot much yet\n"""\ntype Query\n')
    assert (
        '\n"""An enum"""\n'
        "enum E\n"
        "  @join__type(graph: B)\n"
        "{\n"
        '  """The A value"""\n'
        "  A @join__enumValue(graph: B)\n"
        "\n"
        '  """The B value"""\n'
        "  B @join__enumValue(graph: B)\n"
        "}\n"
    ) in sdl
