"""Each federation directive turns into the `@join__*` directives Apollo's composition emits.

Expected blocks were checked against Apollo's composition (@apollo/composition 2.14, same text) and
@theguild/federation-composition (normalised comparison).
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
