"""Query planning against the hand-written shop supergraph (no network)."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import FragmentDefinitionNode, parse
from graphql.utilities import get_operation_ast

from router.errors import Code
from router.execution.shaping import Shaper
from router.gateway import Gateway, RequestError
from router.limits import OperationLimits
from router.planning.plan import Fetch, QueryPlan
from router.planning.planner import MAX_CHAINED_JUMPS, Planner, PlanningError
from router.supergraph import Supergraph
from tests.federation.test_router_supergraph import JOIN_HEADER, SHOP_SUPERGRAPH

PLANNER = Planner(Supergraph(SHOP_SUPERGRAPH))


def plan(
    query: str,
    variables: dict[str, Any] | None = None,
    planner: Planner = PLANNER,
    defer: bool = False,
) -> QueryPlan:
    document = parse(query)
    operation = get_operation_ast(document)
    assert operation is not None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return planner.plan(operation, fragments, variables or {}, defer)


def only(plan_: QueryPlan, graph: str) -> Fetch:
    matching = [f for f in plan_.fetches if f.graph == graph]
    assert len(matching) == 1, [f.describe() for f in plan_.fetches]
    return matching[0]


def test_a_field_of_one_subgraph_is_one_fetch() -> None:
    result = plan("{ products { id name } }")
    assert [(f.graph, f.query) for f in result.fetches] == [
        ("PRODUCTS", "query{products{id name}}")
    ]


def test_an_entity_jump_adds_the_key_and_a_dependent_entities_fetch() -> None:
    result = plan("{ products { name reviews { body } } }")
    products, reviews = only(result, "PRODUCTS"), only(result, "REVIEWS")
    assert products.query == "query{products{name __typename id}}"
    assert reviews.path == ("products", "@")
    assert reviews.depends_on == {products}
    assert reviews.query == (
        "query($representations:[_Any!]!)"
        "{_entities(representations:$representations){...on Product{reviews{body}}}}"
    )
    assert reviews.representations is not None
    representation = reviews.representations["Product"]
    assert representation.typename == "Product"
    assert list(representation.selection.fields) == ["__typename", "id"]


def test_requires_fetches_required_fields_first_and_sends_them() -> None:
    result = plan("{ products { shippingEstimate } }")
    products, inventory = only(result, "PRODUCTS"), only(result, "INVENTORY")
    assert products.query == "query{products{__typename id price weight}}"
    assert inventory.representations is not None
    fields = list(inventory.representations["Product"].selection.fields)
    assert fields == ["__typename", "id", "price", "weight"]
    assert "shippingEstimate" in inventory.query


def test_fields_for_one_subgraph_share_one_entities_fetch() -> None:
    result = plan("{ products { inStock shippingEstimate } }")
    assert [f.graph for f in result.fetches] == ["PRODUCTS", "INVENTORY"]
    assert "inStock" in result.fetches[1].query
    assert "shippingEstimate" in result.fetches[1].query


def test_provides_avoids_a_jump_and_other_fields_still_jump() -> None:
    provided = plan("{ topReviews { author { name } } }")
    assert [f.graph for f in provided.fetches] == ["REVIEWS"]
    assert provided.fetches[0].query == "query{topReviews{author{name}}}"
    not_provided = plan("{ topReviews { editor { name } } }")
    assert [f.graph for f in not_provided.fetches] == ["REVIEWS", "USERS"]
    assert not_provided.fetches[1].path == ("topReviews", "@", "editor")


def test_overridden_field_is_fetched_from_the_overriding_subgraph() -> None:
    result = plan("{ topReviews { author { nickname } } }")
    assert [f.graph for f in result.fetches] == ["REVIEWS", "USERS"]
    assert "nickname" in result.fetches[1].query
    assert "nickname" not in result.fetches[0].query


def test_union_members_are_planned_per_type() -> None:
    result = plan(
        '{ search(text: "a") { __typename ... on Product { name inStock } '
        "... on Category { title } } }"
    )
    products, inventory = only(result, "PRODUCTS"), only(result, "INVENTORY")
    assert products.query.startswith("query{search_")
    assert "...on Product{name __typename id}" in products.query
    assert "...on Category{title}" in products.query
    assert products.query.count("__typename") == 2  # the union's, and the key's
    assert inventory.representations is not None
    assert set(inventory.representations) == {"Product"}


def test_interface_object_fields_use_the_interface_as_representation_type() -> None:
    result = plan("{ media { title rating } }")
    products, reviews = only(result, "PRODUCTS"), only(result, "REVIEWS")
    assert "...on Book{title __typename id}" in products.query
    assert "...on Film{title __typename id}" in products.query
    assert reviews.representations is not None
    assert {t: r.typename for t, r in reviews.representations.items()} == {
        "Book": "Media",
        "Film": "Media",
    }
    assert "...on Media{rating}" in reviews.query


def test_mutation_fields_run_one_after_the_other() -> None:
    result = plan(
        'mutation { a: rename(name: "x") { name } '
        'addReview(productId: "1", body: "b") { id } b: rename(name: "y") { email } }'
    )
    first, second, third = result.fetches
    assert [f.graph for f in result.fetches] == ["USERS", "REVIEWS", "USERS"]
    assert all(f.operation_type == "mutation" for f in result.fetches)
    assert second.depends_on == {first}
    assert third.depends_on == {second}


def test_skip_and_include_are_decided_with_the_variables() -> None:
    query = "query($with: Boolean!) { products { name reviews @include(if: $with) { body } } }"
    assert [f.graph for f in plan(query, {"with": False}).fetches] == ["PRODUCTS"]
    assert [f.graph for f in plan(query, {"with": True}).fetches] == ["PRODUCTS", "REVIEWS"]


def test_variables_are_declared_in_the_subgraph_operation_with_defaults() -> None:
    result = plan("query($n: Int = 3) { topReviews(first: $n) { body } }")
    fetch = only(result, "REVIEWS")
    assert fetch.variable_names == ("n",)
    assert fetch.query.startswith("query($n:Int=3){")


def test_aliases_keep_their_own_data_keys_so_they_never_clash_nor_merge() -> None:
    result = plan('{ a: product(id: "1") { id: name } b: product(id: "2") { name } }')
    query = only(result, "PRODUCTS").query
    assert query.count("product(") == 2
    assert "id:name" not in query  # a client alias never reaches a subgraph as is
    assert "id__name:name" in query
    # two response keys execute apart (spec: ExecuteField), even for one field and arguments
    same = plan("{ products { x: name y: name } }")
    assert only(same, "PRODUCTS").query == "query{products{x__name:name y__name:name}}"


def test_introspection_is_answered_by_the_router() -> None:
    result = plan("{ __schema { queryType { name } } products { id } }")
    assert result.introspection
    assert [f.graph for f in result.fetches] == ["PRODUCTS"]


def test_describe_renders_sequence_and_flatten() -> None:
    text = plan("{ products { reviews { body } inStock } }").describe()
    assert text.startswith("QueryPlan {\n  Sequence {")
    assert 'Flatten(path: "products.@")' in text
    assert "Parallel {" in text  # reviews and inventory run side by side


UNREACHABLE = (
    JOIN_HEADER.replace("  mutation: Mutation\n", "")
    + """
enum join__Graph {
  A @join__graph(name: "a", url: "http://127.0.0.1:9/a")
  B @join__graph(name: "b", url: "http://127.0.0.1:9/b")
}
type Query @join__type(graph: A) @join__type(graph: B) {
  thing: Thing @join__field(graph: A)
}
type Thing @join__type(graph: A) @join__type(graph: B) {
  id: ID!
  extra: String @join__field(graph: B)
}
"""
)


def test_a_field_no_key_can_reach_is_a_planning_error() -> None:
    with pytest.raises(PlanningError):
        plan("{ thing { extra } }", planner=Planner(Supergraph(UNREACHABLE)))


# Two subgraphs, each owning the link to the other: `{ start { b { a { b ... } } } }` jumps
# subgraphs at every level, each jump inside the fetch of the one before.
PING_PONG = (
    JOIN_HEADER.replace("  mutation: Mutation\n", "")
    + """
enum join__Graph {
  A @join__graph(name: "a", url: "http://127.0.0.1:9/a")
  B @join__graph(name: "b", url: "http://127.0.0.1:9/b")
}
type Query @join__type(graph: A) @join__type(graph: B) {
  start: Ball @join__field(graph: A)
}
type Ball @join__type(graph: A, key: "id") @join__type(graph: B, key: "id") {
  id: ID!
  a: Ball @join__field(graph: A)
  b: Ball @join__field(graph: B)
}
"""
)


def ping_pong(levels: int) -> str:
    """`{ start { b { a { b ... { id } } } } }`: `levels` fields each on the other subgraph."""
    names = ["b" if level % 2 == 0 else "a" for level in range(levels)]
    return "{ start { " + " { ".join(names) + " { id }" + " }" * (levels - 1) + " } }"


def test_chained_jumps_are_planned_up_to_the_guard() -> None:
    result = plan(ping_pong(MAX_CHAINED_JUMPS + 1), planner=Planner(Supergraph(PING_PONG)))
    assert len(result.fetches) == MAX_CHAINED_JUMPS + 2  # the root fetch and one per jump


def test_more_chained_jumps_than_the_guard_allows_is_a_planning_error() -> None:
    with pytest.raises(PlanningError, match="more than 24 chained subgraph jumps"):
        plan(ping_pong(MAX_CHAINED_JUMPS + 2), planner=Planner(Supergraph(PING_PONG)))


async def test_the_depth_limit_refuses_a_jump_chain_before_planning_unless_raised() -> None:
    query = ping_pong(MAX_CHAINED_JUMPS + 2)
    for limits, code in (
        (OperationLimits(), Code.MAX_DEPTH_LIMIT),  # the default: no plan is attempted
        (OperationLimits(max_depth=64), Code.QUERY_PLANNING_FAILED),  # AGORA_MAX_DEPTH=64
    ):
        gateway = Gateway(PING_PONG, limits=limits)
        try:
            with pytest.raises(RequestError) as refused:
                await gateway.execute(query)
            assert refused.value.errors[0]["extensions"]["code"] == code
        finally:
            await gateway.aclose()


async def test_gateway_caches_plans_per_operation_and_condition_values() -> None:
    gateway = Gateway(SHOP_SUPERGRAPH)
    try:
        query = "query($with: Boolean!) { products { reviews @include(if: $with) { body } } }"
        prepared = gateway.prepare(query)
        assert gateway.prepare(query) is prepared
        operation = gateway.operation(prepared, None)
        with_reviews = gateway.plan(prepared, query, operation, {"with": True})
        assert gateway.plan(prepared, query, operation, {"with": True}) is with_reviews
        without = gateway.plan(prepared, query, operation, {"with": False})
        assert without is not with_reviews
        with pytest.raises(RequestError) as invalid:
            gateway.prepare("{ products { secret } }")  # @inaccessible
        assert "secret" in invalid.value.errors[0]["message"]
    finally:
        await gateway.aclose()


def test_same_step_entity_fetches_to_one_subgraph_and_path_are_merged() -> None:
    from router.planning.coalesce import coalesce
    from router.planning.plan import Representation

    def entity(id_: int, parent: Fetch, field_name: str) -> Fetch:
        fetch = Fetch(id=id_, graph="C", operation_type="query", path=("thing",), parent=parent)
        fetch.representations = {"Thing": Representation("Thing")}
        fetch.representations["Thing"].selection.add_field("id", "id", ())
        fetch.selection.fragment("Thing").add_field(field_name, field_name, ())
        fetch.depends_on = {parent}
        return fetch

    root_a = Fetch(id=0, graph="A", operation_type="query")
    root_b = Fetch(id=1, graph="B", operation_type="query")
    first, second = entity(2, root_a, "x"), entity(3, root_b, "y")
    later = Fetch(id=4, graph="D", operation_type="query", path=("thing",))
    later.representations = {}
    later.depends_on = {second}
    left = coalesce([root_a, root_b, first, second, later])
    assert [f.id for f in left] == [0, 1, 2, 4]
    assert first.depends_on == {root_a, root_b}
    assert later.depends_on == {first}
    assert set(first.selection.fragments["Thing"].fields) == {"x", "y"}


PARTIAL_UNIONS = (
    JOIN_HEADER.replace("  mutation: Mutation\n", "")
    + """
enum join__Graph {
  A @join__graph(name: "a", url: "http://127.0.0.1:9/a")
  B @join__graph(name: "b", url: "http://127.0.0.1:9/b")
}
type Query @join__type(graph: A) @join__type(graph: B) {
  box: Box @join__field(graph: A)
  note: Note @join__field(graph: A)
}
type Box @join__type(graph: A, key: "id") @join__type(graph: B, key: "id") {
  id: ID!
  kinds: [Kind!]!
}
type Note @join__type(graph: A) @join__type(graph: B) {
  kinds: [Kind!]!
}
union Kind
  @join__type(graph: A)
  @join__type(graph: B)
  @join__unionMember(graph: A, member: "Both")
  @join__unionMember(graph: B, member: "Both")
  @join__unionMember(graph: A, member: "OnlyA")
 = Both | OnlyA
type Both @join__type(graph: A) @join__type(graph: B) { label: String }
type OnlyA @join__type(graph: A) { a: String }
"""
)


def test_shareable_union_field_keeps_only_members_every_answering_subgraph_has() -> None:
    planner = Planner(Supergraph(PARTIAL_UNIONS))
    selection = "{ kinds { __typename ... on Both { label } ... on OnlyA { a } } }"
    # Box is an entity in A and B: either could answer `kinds`, so only `Both` is possible.
    box = plan("{ box " + selection + " }", planner=planner)
    assert [f.query for f in box.fetches] == ["query{box{kinds{__typename ...on Both{label}}}}"]
    # Note is reachable only through A: A's own union applies.
    note = plan("{ note " + selection + " }", planner=planner)
    assert [f.query for f in note.fetches] == [
        "query{note{kinds{__typename ...on Both{label} ...on OnlyA{a}}}}"
    ]


PARENT_ENTITY = (
    JOIN_HEADER.replace("  mutation: Mutation\n", "")
    + """
enum join__Graph {
  A @join__graph(name: "a", url: "http://127.0.0.1:9/a")
  C @join__graph(name: "c", url: "http://127.0.0.1:9/c")
}
type Query @join__type(graph: A) @join__type(graph: C) {
  products: [Product!]! @join__field(graph: A)
}
type Product @join__type(graph: A, key: "id") @join__type(graph: C, key: "id") {
  id: ID!
  category: Category
}
type Category @join__type(graph: A) @join__type(graph: C) {
  id: ID! @join__field(graph: A)
  details: String @join__field(graph: C)
}
"""
)


def test_a_value_type_field_is_split_through_its_parent_entity() -> None:
    result = plan(
        "{ products { category { id details } } }", planner=Planner(Supergraph(PARENT_ENTITY))
    )
    assert [(f.graph, f.query) for f in result.fetches] == [
        ("A", "query{products{category{id} __typename id}}"),
        (
            "C",
            "query($representations:[_Any!]!){_entities(representations:$representations)"
            "{...on Product{category{details}}}}",
        ),
    ]


async def test_gateway_rejects_operations_deeper_than_its_limit() -> None:
    gateway = Gateway(SHOP_SUPERGRAPH, limits=OperationLimits(max_depth=4))
    try:
        fragment = "fragment R on Review { product { reviews { body } } }"
        gateway.prepare("{ products { reviews { body } } }")  # depth 3
        for attempt in range(2):  # the second answer comes from the rejection cache
            with pytest.raises(RequestError) as too_deep:
                gateway.prepare("{ products { reviews { ...R } } } " + fragment)
            assert too_deep.value.errors[0]["message"] == (
                "Operation is too large: 5 levels deep; at most 4."
            ), attempt
    finally:
        await gateway.aclose()


def test_error_paths_never_show_internal_data_keys() -> None:
    gateway = Gateway(SHOP_SUPERGRAPH)
    query = '{ a: product(id: "1") { ... on Product { n: name } } }'
    prepared = gateway.prepare(query)
    operation = gateway.operation(prepared, None)
    plan = gateway.plan(prepared, query, operation, {})
    shaper = Shaper(gateway.schema, plan.fragments, {}, plan.shape_cache)
    root = gateway.schema.query_type
    assert root is not None
    a_key = next(iter(plan.root_fields))  # "a__product_<hash>"
    # below a value the selection cannot follow, keys are still given as the client wrote them
    data_path = [a_key, "n__name", "x_0123abcd"]
    path = shaper.response_path(root, plan.operation.selection_set, {a_key: None}, data_path)
    assert path == ["a", "n", "x"]
