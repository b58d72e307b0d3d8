"""Each federation directive turns into the `@join__*` directives Apollo's composition emits.

Expected blocks were checked against @theguild/federation-composition (normalised comparison) and
against Apollo's merge rules (composition-js `merge.ts`).
"""

from __future__ import annotations

import re

from router.composition import SubgraphSDL, compose

IMPORTS = (
    "@key @shareable @external @requires @provides @override @inaccessible @tag "
    "@interfaceObject @composeDirective @extends"
)


def fed(body: str) -> str:
    imports = ", ".join(f'"{name}"' for name in IMPORTS.split())
    link = f'@link(url: "https://specs.apollo.dev/federation/v2.11", import: [{imports}])'
    return f"extend schema {link}\n{body}"


def supergraph(**subgraphs: str) -> str:
    return compose([SubgraphSDL(name, f"http://{name}", sdl) for name, sdl in subgraphs.items()])


def block(sdl: str, name: str) -> str:
    """The printed definition of type `name` (description included)."""
    pattern = (
        rf'^(?:"""[^"]*"""\n)?(?:type|interface|input|enum|union|scalar) {name}\b.*?(?=\n\n|\n\Z)'
    )
    match = re.search(pattern, sdl, re.S | re.M)
    assert match, f"{name} not in supergraph"
    return match.group(0)


def test_several_keys_and_a_non_resolvable_key() -> None:
    sdl = supergraph(
        users=fed(
            'type Query { me: User } type User @key(fields: "id") @key(fields: "email") '
            "{ id: ID! email: String! }"
        ),
        freelance=fed(
            'type Query { gigs: [Gig!]! } type Gig @key(fields: "id") { id: ID! seller: User! } '
            'type User @key(fields: "id", resolvable: false) { id: ID! }'
        ),
    )
    assert block(sdl, "User") == (
        "type User\n"
        '  @join__type(graph: FREELANCE, key: "id", resolvable: false)\n'
        '  @join__type(graph: USERS, key: "id")\n'
        '  @join__type(graph: USERS, key: "email")\n'
        "{\n"
        "  id: ID!\n"
        "  email: String! @join__field(graph: USERS)\n"
        "}"
    )
    assert block(sdl, "Gig") == (
        'type Gig\n  @join__type(graph: FREELANCE, key: "id")\n{\n  id: ID!\n  seller: User!\n}'
    )


def test_shareable_value_type_fields_union_and_join_field_where_missing() -> None:
    # b knows Price without `currency`; only a returns Price, so every field stays reachable.
    sdl = supergraph(
        a=fed("type Query { p: Price } type Price @shareable { amount: Int! currency: String! }"),
        b=fed("type Query { q: Int } type Price @shareable { amount: Int! }"),
    )
    assert block(sdl, "Price") == (
        "type Price\n"
        "  @join__type(graph: A)\n"
        "  @join__type(graph: B)\n"
        "{\n"
        "  amount: Int!\n"
        "  currency: String! @join__field(graph: A)\n"
        "}"
    )


def test_external_requires_and_provides() -> None:
    sdl = supergraph(
        users=fed(
            'type Query { me: User } type User @key(fields: "id") '
            "{ id: ID! email: String! name: String! @shareable }"
        ),
        mail=fed(
            'type Query { inbox: [Msg!]! } type Msg { to: User! @provides(fields: "name") } '
            'type User @key(fields: "id") { id: ID! email: String! @external '
            'name: String! @external address: String! @requires(fields: "email") }'
        ),
    )
    assert block(sdl, "User") == (
        "type User\n"
        '  @join__type(graph: MAIL, key: "id")\n'
        '  @join__type(graph: USERS, key: "id")\n'
        "{\n"
        "  id: ID!\n"
        "  email: String! @join__field(graph: MAIL, external: true) @join__field(graph: USERS)\n"
        "  name: String! @join__field(graph: MAIL, external: true) @join__field(graph: USERS)\n"
        '  address: String! @join__field(graph: MAIL, requires: "email")\n'
        "}"
    )
    assert '  to: User! @join__field(graph: MAIL, provides: "name")' in block(sdl, "Msg")


def test_override_used_unused_and_progressive() -> None:
    sdl = supergraph(
        old=fed(
            'type Query { t: T } type T @key(fields: "id") @key(fields: "code") '
            "{ id: ID! code: String! a: Int b: Int }"
        ),
        new=fed(
            'type T @key(fields: "id") { id: ID! code: String! @override(from: "old") '
            'a: Int @override(from: "old") b: Int @override(from: "old", label: "percent(10)") }'
        ),
    )
    fields = block(sdl, "T").split("{\n", 1)[1]
    # `code` is still needed by old's key: it stays, marked usedOverridden.
    assert (
        '  code: String! @join__field(graph: NEW, override: "old") '
        "@join__field(graph: OLD, usedOverridden: true)\n"
    ) in fields
    # `a` is unused in old: old disappears from its join__fields.
    assert '  a: Int @join__field(graph: NEW, override: "old")\n' in fields
    # Progressive override: both sides carry the label.
    assert (
        '  b: Int @join__field(graph: NEW, override: "old", overrideLabel: "percent(10)") '
        '@join__field(graph: OLD, overrideLabel: "percent(10)")\n'
    ) in fields


def test_inaccessible_and_tag() -> None:
    sdl = supergraph(
        a=fed(
            'type Query { t: T @tag(name: "public") } type T @key(fields: "id") @tag(name: "team-a") '
            "{ id: ID! secret: String @inaccessible @shareable } "
            "enum Level @inaccessible { LOW HIGH @inaccessible }"
        ),
        b=fed(
            'type T @key(fields: "id") @tag(name: "team-a") @tag(name: "team-b") '
            '{ id: ID! secret: String @shareable @tag(name: "x") }'
        ),
    )
    assert '  @link(url: "https://specs.apollo.dev/tag/v0.3")\n' in sdl
    assert '  @link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)\n' in sdl
    assert "\ndirective @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION" in sdl
    assert "\ndirective @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT" in sdl
    assert '  t: T @join__field(graph: A) @tag(name: "public")' in block(sdl, "Query")
    assert block(sdl, "T") == (
        "type T\n"
        '  @join__type(graph: A, key: "id")\n'
        '  @join__type(graph: B, key: "id")\n'
        '  @tag(name: "team-a")\n'
        '  @tag(name: "team-b")\n'
        "{\n"
        "  id: ID!\n"
        '  secret: String @inaccessible @tag(name: "x")\n'
        "}"
    )
    assert block(sdl, "Level") == (
        "enum Level\n"
        "  @join__type(graph: A)\n"
        "  @inaccessible\n"
        "{\n"
        "  LOW @join__enumValue(graph: A)\n"
        "  HIGH @inaccessible @join__enumValue(graph: A)\n"
        "}"
    )


def test_without_tag_or_inaccessible_their_specs_are_not_linked() -> None:
    sdl = supergraph(a=fed("type Query { a: Int }"))
    assert "tag/v0.3" not in sdl and "directive @tag" not in sdl
    assert "inaccessible/v0.2" not in sdl and "directive @inaccessible" not in sdl


def test_interface_object() -> None:
    sdl = supergraph(
        media=fed(
            'type Query { media: [Media!]! } interface Media @key(fields: "id") '
            "{ id: ID! title: String! } "
            'type Book implements Media @key(fields: "id") { id: ID! title: String! pages: Int! }'
        ),
        reviews=fed('type Media @key(fields: "id") @interfaceObject { id: ID! rating: Float! }'),
    )
    assert block(sdl, "Media") == (
        "interface Media\n"
        '  @join__type(graph: MEDIA, key: "id")\n'
        '  @join__type(graph: REVIEWS, key: "id", isInterfaceObject: true)\n'
        "{\n"
        "  id: ID!\n"
        "  title: String! @join__field(graph: MEDIA)\n"
        "  rating: Float! @join__field(graph: REVIEWS)\n"
        "}"
    )
    # The implementation gets the field the @interfaceObject adds, with a graph-less join__field.
    assert block(sdl, "Book") == (
        "type Book implements Media\n"
        '  @join__implements(graph: MEDIA, interface: "Media")\n'
        '  @join__type(graph: MEDIA, key: "id")\n'
        "{\n"
        "  id: ID!\n"
        "  title: String!\n"
        "  pages: Int!\n"
        "  rating: Float! @join__field\n"
        "}"
    )


def test_compose_directive_keeps_definition_link_and_applications() -> None:
    custom = (
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", '
        'import: ["@key", "@composeDirective"]) '
        '@link(url: "https://agora.dev/cache/v1.0", import: ["@cacheHint"]) '
        '@composeDirective(name: "@cacheHint")\n'
        'directive @cacheHint(maxAge: Int!, scope: String = "public") on FIELD_DEFINITION | OBJECT\n'
        'type Query { t: T @cacheHint(maxAge: 60) } type T @key(fields: "id") @cacheHint(maxAge: 5) '
        "{ id: ID! }"
    )
    sdl = supergraph(a=custom, b=fed('type T @key(fields: "id") { id: ID! n: Int }'))
    assert '  @link(url: "https://agora.dev/cache/v1.0", import: ["@cacheHint"])\n' in sdl
    assert (
        '\ndirective @cacheHint(maxAge: Int!, scope: String = "public") on FIELD_DEFINITION | OBJECT\n'
    ) in sdl
    assert "  t: T @join__field(graph: A) @cacheHint(maxAge: 60)" in block(sdl, "Query")
    assert '  @join__type(graph: B, key: "id")\n  @cacheHint(maxAge: 5)\n{' in block(sdl, "T")


def test_custom_directives_not_composed_are_dropped() -> None:
    sdl = supergraph(
        a=fed("directive @internal on FIELD_DEFINITION\ntype Query { a: Int @internal }"),
    )
    assert "@internal" not in sdl


def test_extends_and_extend_type_mark_keys_as_extensions() -> None:
    sdl = supergraph(
        a=fed('type Query { t: T } type T @key(fields: "id") { id: ID! x: Int }'),
        b=fed('type T @key(fields: "id") @extends { id: ID! @external y: Int }'),
        c=fed('extend type T @key(fields: "id") { id: ID! @external z: Int }'),
    )
    # A key field marked @external on an extension is not really external (federation 1 habit).
    assert block(sdl, "T") == (
        "type T\n"
        '  @join__type(graph: A, key: "id")\n'
        '  @join__type(graph: B, key: "id", extension: true)\n'
        '  @join__type(graph: C, key: "id", extension: true)\n'
        "{\n"
        "  id: ID!\n"
        "  x: Int @join__field(graph: A)\n"
        "  y: Int @join__field(graph: B)\n"
        "  z: Int @join__field(graph: C)\n"
        "}"
    )


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


def test_renamed_federation_imports_are_understood() -> None:
    sdl = supergraph(
        a=(
            'extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", '
            'import: [{name: "@key", as: "@id"}])\n'
            'type Query { t: T } type T @id(fields: "id") @federation__shareable { id: ID! }'
        ),
        b=fed('type T @key(fields: "id") @shareable { id: ID! n: Int }'),
    )
    assert '  @join__type(graph: A, key: "id")\n' in block(sdl, "T")


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
