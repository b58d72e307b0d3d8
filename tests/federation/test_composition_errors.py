"""Composition errors name the subgraph(s), the type and the field, and say what is wrong."""

from __future__ import annotations

import pytest

from router.composition import CompositionError, SubgraphSDL, compose

IMPORTS = (
    '"@key", "@shareable", "@external", "@requires", "@provides", "@override", "@inaccessible"'
)
LINK = f'@link(url: "https://specs.apollo.dev/federation/v2.11", import: [{IMPORTS}])'


def fed(body: str) -> str:
    return f"extend schema {LINK}\n{body}"


def errors(**subgraphs: str) -> list[str]:
    with pytest.raises(CompositionError) as caught:
        compose([SubgraphSDL(name, f"http://{name}", sdl) for name, sdl in subgraphs.items()])
    assert str(caught.value) == "\n".join(caught.value.errors)
    return caught.value.errors


def test_undefined_types() -> None:
    assert errors(
        freelance=fed(
            "type Query { gigs: [Gig!]! } type Gig { id: ID! seller: User! tags(f: Filter): Int }"
        )
    ) == [
        "[freelance] Gig.seller: type User is not defined",
        "[freelance] Gig.tags(f:): type Filter is not defined",
    ]


def test_input_type_used_as_field_type() -> None:
    assert errors(a=fed("type Query { f: In } input In { x: Int }")) == [
        "[a] Query.f: type In is an input type and cannot be used as a field type"
    ]


def test_field_type_mismatch() -> None:
    assert errors(
        a=fed("type Query { n: Int @shareable }"),
        b=fed("type Query { n: String @shareable }"),
    ) == ["[a, b] Query.n: type is incompatible across subgraphs: Int in a, String in b"]


def test_non_shareable_field_in_two_subgraphs() -> None:
    assert errors(
        users=fed("type Query { me: String }"), freelance=fed("type Query { me: String }")
    ) == [
        "[freelance, users] Query.me: non-shareable field is resolved by several subgraphs "
        "(freelance, users); mark it @shareable in freelance, users (or use @override to move it)"
    ]


def test_shareable_in_only_one_of_the_subgraphs() -> None:
    assert errors(
        users=fed("type Query { me: String @shareable }"),
        freelance=fed("type Query { me: String }"),
    ) == [
        "[freelance, users] Query.me: non-shareable field is resolved by several subgraphs "
        "(freelance, users); mark it @shareable in freelance (or use @override to move it)"
    ]


def test_requires_a_field_that_is_not_external() -> None:
    assert errors(
        a=fed('type Query { t: T } type T @key(fields: "id") { id: ID! x: Int }'),
        b=fed(
            'type T @key(fields: "id") { id: ID! x: Int @shareable y: Int @requires(fields: "x") }'
        ),
    ) == [
        '[b] T.y: @requires(fields: "x") selects T.x, which is not @external in this subgraph '
        "(mark it @external: another subgraph resolves it)"
    ]


def test_provides_a_field_that_is_not_external() -> None:
    assert errors(
        a=fed(
            'type Query { t: T @provides(fields: "x") } type T @key(fields: "id") { id: ID! x: Int }'
        )
    ) == [
        '[a] Query.t: @provides(fields: "x") selects T.x, which is not @external in this subgraph '
        "(mark it @external: another subgraph resolves it)"
    ]


def test_key_fields_that_do_not_exist() -> None:
    assert errors(
        a=fed(
            'type Query { t: T } type T @key(fields: "uuid") @key(fields: "id org { name }") '
            "{ id: ID! org: Org } type Org { id: ID }"
        )
    ) == [
        '[a] T: @key(fields: "uuid") is invalid: T.uuid does not exist',
        '[a] T: @key(fields: "id org { name }") is invalid: Org.name does not exist',
    ]


def test_override_from_an_unknown_subgraph() -> None:
    assert errors(
        a=fed(
            'type Query { t: T } type T @key(fields: "id") { id: ID! x: Int @override(from: "userz") }'
        ),
        users=fed("type Query { u: Int }"),
    ) == ['[a] T.x: @override(from: "userz") names an unknown subgraph (known: a, users)']


def test_override_from_itself() -> None:
    assert errors(
        a=fed(
            'type Query { t: T } type T @key(fields: "id") { id: ID! x: Int @override(from: "a") }'
        )
    ) == ['[a] T.x: @override(from: "a") names this subgraph itself']


def test_override_with_an_invalid_label() -> None:
    assert errors(
        a=fed(
            'type Query { t: T } type T @key(fields: "id") '
            '{ id: ID! x: Int @override(from: "b", label: "bad label!") }'
        ),
        b=fed('type T @key(fields: "id") { id: ID! x: Int }'),
    ) == [
        '[a] T.x: @override label "bad label!" is invalid: use a name (letters, digits, _-:./) '
        'or "percent(x)" with 0 <= x <= 100'
    ]


def test_external_field_nobody_uses() -> None:
    assert errors(
        a=fed('type Query { t: T } type T @key(fields: "id") { id: ID! x: Int @external }')
    ) == [
        "[a] T.x: is marked @external but no @key, @requires or @provides uses it "
        "(remove it, or drop @external)"
    ]


def test_field_external_everywhere() -> None:
    assert errors(
        a=fed(
            'type Query { t: T } type T @key(fields: "id") '
            '{ id: ID! x: Int @external y: Int @requires(fields: "x") }'
        )
    ) == [
        "[a] T.x: is @external in every subgraph that defines it; at least one subgraph must resolve it"
    ]


def test_merged_directive_on_an_external_field() -> None:
    assert errors(
        a=fed(
            'type Query { t: T @shareable } type T @key(fields: "id") { id: ID! x: Int @shareable }'
        ),
        b=fed(
            'type Query { t: T @shareable } type T @key(fields: "id") '
            '{ id: ID! x: Int @external @inaccessible y: Int @requires(fields: "x") }'
        ),
    ) == ["[b] T.x: @inaccessible cannot be applied to an @external field"]


def test_type_kind_mismatch() -> None:
    assert errors(
        a=fed("type Query { m: Money } scalar Money"),
        b=fed("type Query { n: Money } type Money { amount: Int }"),
    ) == ["[a, b] Money: is defined with different kinds: scalar in a, object type in b"]


def test_required_argument_missing_in_a_subgraph() -> None:
    assert errors(
        a=fed("type Query { f(x: Int!): Int @shareable }"),
        b=fed("type Query { f: Int @shareable }"),
    ) == ["[a, b] Query.f(x:): argument is required in a but missing in b"]


def test_required_input_field_missing_in_a_subgraph() -> None:
    assert errors(
        a=fed("type Query { f(i: I): Int @shareable } input I { a: Int! b: Int }"),
        b=fed("type Query { f(i: I): Int @shareable } input I { b: Int }"),
    ) == ["[a, b] I.a: input field is required in a but missing in b"]


def test_enum_used_as_input_and_output_with_different_values() -> None:
    assert errors(
        a=fed("type Query { b(x: E): E @shareable } enum E { A B }"),
        b=fed("type Query { b(x: E): E @shareable } enum E { A }"),
    ) == [
        "[a, b] E.B: the enum is used as both input and output, so every subgraph defining it "
        "must define this value; it is missing in b"
    ]


def test_default_values_that_differ() -> None:
    assert errors(
        a=fed("type Query { f(x: Int = 1): Int @shareable }"),
        b=fed("type Query { f(x: Int = 2): Int @shareable }"),
    ) == ["[a, b] Query.f(x:): default values differ across subgraphs: 1 in a, 2 in b"]


def test_type_only_ever_extended() -> None:
    assert errors(
        a=fed("type Query { x: Int }"),
        b=fed('type Query { t: T } extend type T @key(fields: "id") { id: ID! }'),
    ) == ["[b] T: is only ever extended (`extend type`); one subgraph must define it"]


def test_visible_field_of_an_inaccessible_type() -> None:
    assert errors(a=fed("type Query { s: Secret } type Secret @inaccessible { x: Int }")) == [
        "[a] Query.s: is visible but its type Secret is @inaccessible (mark the field @inaccessible too)"
    ]


def test_no_query_at_all() -> None:
    assert errors(a=fed("type Mutation { m: Int }")) == [
        "[a] Query: no subgraph defines any query field"
    ]


def test_interface_object_without_an_interface_anywhere() -> None:
    link = '@link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key", "@interfaceObject"])'
    assert errors(
        a=f'extend schema {link}\ntype Query {{ m: M }} type M @key(fields: "id") @interfaceObject {{ id: ID! }}'
    ) == [
        "[a] M: is an @interfaceObject in every subgraph that defines it; "
        "at least one subgraph must define it as an interface"
    ]


def test_directives_this_composer_does_not_support_fail_loudly() -> None:
    link = '@link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@authenticated"])'
    assert errors(a=f"extend schema {link}\ntype Query {{ a: Int @authenticated }}") == [
        "[a] Query.a: @authenticated is not supported by this composer"
    ]


def test_invalid_graphql() -> None:
    assert errors(a="type Query { a: Int") == [
        "[a] invalid GraphQL: Syntax Error: Expected Name, found <EOF>."
    ]


def test_every_problem_is_reported_at_once() -> None:
    found = errors(
        a=fed("type Query { x: Missing }"),
        b=fed('type Query { t: T } type T @key(fields: "nope") { id: ID! }'),
    )
    assert found == [
        "[a] Query.x: type Missing is not defined",
        '[b] T: @key(fields: "nope") is invalid: T.nope does not exist',
    ]


def test_duplicate_subgraph_names() -> None:
    with pytest.raises(CompositionError) as caught:
        compose([SubgraphSDL("a", "http://a", fed("type Query { x: Int }"))] * 2)
    assert caught.value.errors == ["[a] subgraph name used more than once"]


def test_value_type_field_unreachable_from_another_subgraph() -> None:
    assert errors(
        a=fed("type Query { p: Price } type Price @shareable { amount: Int! currency: String! }"),
        b=fed("type Query { q: Price } type Price @shareable { amount: Int! }"),
    ) == [
        "[a, b] Price.currency: cannot be reached when Price comes from b (via Query.q): it is "
        "resolved by a, which b cannot jump to (no resolvable @key on Price there whose fields b has)"
    ]


def test_entity_field_behind_a_non_resolvable_key() -> None:
    assert errors(
        a=fed('type Query { me: User } type User @key(fields: "id") { id: ID! }'),
        b=fed('type User @key(fields: "id", resolvable: false) { id: ID! gigs: Int }'),
    ) == [
        "[a, b] User.gigs: cannot be reached when User comes from a (via Query.me): it is "
        "resolved by b, which a cannot jump to (no resolvable @key on User there whose fields a has)"
    ]


def test_keys_can_chain_through_another_subgraph() -> None:
    # a knows only `id`; b's key needs `sku`, which c provides once reached through `id`.
    compose(
        [
            SubgraphSDL(
                "a", "http://a", fed('type Query { p: P } type P @key(fields: "id") { id: ID! }')
            ),
            SubgraphSDL("b", "http://b", fed('type P @key(fields: "sku") { sku: ID! price: Int }')),
            SubgraphSDL(
                "c",
                "http://c",
                fed('type P @key(fields: "id") @key(fields: "sku") { id: ID! sku: ID! }'),
            ),
        ]
    )


def test_object_missing_a_field_its_merged_interface_gained() -> None:
    assert errors(
        a=fed(
            "type Query { i: I @shareable } interface I { id: ID } type A implements I { id: ID }"
        ),
        b=fed(
            "type Query { i: I @shareable } interface I { id: ID name: String } "
            "type B implements I { id: ID name: String }"
        ),
    ) == [
        "[a, b] A.name: A implements I, whose field name (b) it lacks; "
        "define A.name where A is defined"
    ]


def test_subscription_field_in_two_subgraphs() -> None:
    assert errors(
        a=fed("type Query { a: Int } type Subscription { tick: Int @shareable }"),
        b=fed("type Query { b: Int } type Subscription { tick: Int @shareable }"),
    ) == ["[a, b] Subscription.tick: a subscription field can only be defined in one subgraph"]


def test_federation_directive_used_without_import() -> None:
    link = '@link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key"])'
    assert errors(
        a=f"extend schema {link}\ntype Query {{ a: Int @shareable b(x: Int @custom): Int }}"
    ) == [
        '[a] Query.a: directive @shareable is not defined (add "@shareable" to the import list '
        "of the federation @link, or write @federation__shareable)",
        "[a] Query.b(x:): directive @custom is not defined",
    ]


def test_implementation_field_type_must_fit_the_interface() -> None:
    assert errors(
        a=fed("type Query { i: I } interface I { id: ID! } type A implements I { id: ID }")
    ) == ["[a] A.id: type ID does not fit I.id, which is ID!"]


def test_interface_key_missing_on_an_implementation() -> None:
    assert errors(
        a=fed(
            'type Query { i: I } interface I @key(fields: "id") { id: ID! } '
            "type A implements I { id: ID! }"
        )
    ) == ['[a] A: its interface I has @key(fields: "id"), which A lacks']
