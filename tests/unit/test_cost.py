"""The router's cost estimate (router.cost) on small supergraphs composed from one subgraph:
Apollo's static estimation (objects 1, leaves 0, lists times their size, @cost and @listSize,
mutations +10), fragments, @skip/@include, variables; and the actual cost of a response."""

from __future__ import annotations

import time
from typing import Any

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from benchmarks.gateways.contenders import TEST_QUERY_BUDGET
from benchmarks.gateways.schemas import ACCOUNTS_SDL, INVENTORY_SDL, PRODUCTS_SDL, REVIEWS_SDL
from benchmarks.gateways.testquery import TEST_QUERY
from router.composition import SubgraphSDL, compose
from router.cost import (
    DEFAULT_MAX_COST,
    CostModel,
    DemandControl,
    default_list_size_from_env,
    max_cost_from_env,
)
from router.errors import RequestError
from router.supergraph import Supergraph
from tests.support.environment import REPO_ROOT

LINK = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", '
    'import: ["@key", "@cost", "@listSize"])\n'
)
SDL = (
    LINK
    + """
type Query {
  me: User
  user(id: ID!): User
  users: [User!]!
  tags: [Tag!]! @listSize(assumedSize: 4)
  items(first: Int = null, after: String = null): ItemConnection!
    @listSize(assumedSize: 20, slicingArguments: ["first"], sizedFields: ["edges"],
              requireOneSlicingArgument: false)
  top(first: Int = 5, last: Int): [Item!]!
    @listSize(slicingArguments: ["first", "last"])
  search(term: String @cost(weight: 4), filter: Filter, big: Big): [Item!]!
    @listSize(assumedSize: 2)
  heavy: Heavy
  heavies: [Heavy!]! @listSize(assumedSize: 3)
  expensive: Int @cost(weight: 7)
  big: Big
  node: Node
  anything: [Anything!]! @listSize(assumedSize: 2)
}
type Mutation { rename(input: RenameInput!): User }
type User @key(fields: "id") { id: ID! name: String! friends: [User!]! best: User }
type Tag { name: String! }
type Item implements Node { id: ID! name: String! tags: [Tag!]! @listSize(assumedSize: 4) }
type ItemEdge { cursor: String! node: Item! }
type ItemConnection { edges: [ItemEdge!]! totalCount: Int! }
type Heavy @cost(weight: 5) { id: ID! }
scalar Big @cost(weight: 2)
input Filter { name: String min: Int @cost(weight: 3) inner: Filter }
input RenameInput { id: ID! name: String! }
interface Node { id: ID! }
union Anything = Item | User
"""
)


@pytest.fixture(scope="module")
def model() -> CostModel:
    supergraph = compose([SubgraphSDL("a", "http://a", SDL)])
    return CostModel(Supergraph(supergraph))


def operation(query: str) -> tuple[OperationDefinitionNode, dict[str, FragmentDefinitionNode]]:
    document = parse(query)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return operations[0], fragments


def cost(model: CostModel, query: str, variables: dict[str, Any] | None = None) -> int:
    op, fragments = operation(query)
    return model.estimate(op, fragments, variables or {})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("{ me { id name } }", 1),  # an object 1, scalars 0
        ("{ me { id best { id best { name } } } }", 3),
        ("{ __typename me { __typename } }", 1),
        ("{ __schema { types { name } } }", 0),  # introspection: the router answers it
        ("{ expensive }", 7),  # @cost on the field
        ("{ heavy { id } }", 5),  # @cost on the type
        ("{ heavies { id } }", 15),  # ... times the list's size
        ("{ big }", 2),  # @cost on a scalar type
        ("{ tags { name } }", 4),  # assumedSize
        ("{ users { id } }", 10),  # the default list size
        ("{ users { friends { id } } }", 10 * (1 + 10)),  # lists multiply
        ("{ me { friends { friends { id } } } }", 1 + 10 * (1 + 10)),
        ("{ items { totalCount } }", 1),  # the connection is one object
        ("{ items { edges { node { id } } } }", 1 + 20 * 2),  # edges sized by assumedSize
        ("{ items(first: 7) { edges { node { id } } } }", 1 + 7 * 2),  # ... by `first`
        ("{ items(first: 7) { edges { node { tags { name } } } } }", 1 + 7 * (2 + 4)),
        ("{ items(first: 0) { edges { cursor } } }", 1),
        ("{ items(first: -3) { edges { cursor } } }", 1),  # never negative
        ("{ top { id } }", 5),  # the slicing argument's default
        ("{ top(first: 2) { id } }", 2),
        ("{ top(first: 2, last: 9) { id } }", 9),  # the largest slicing argument
        ('{ search(term: "x") { id } }', 2 + 4),  # argument @cost, once
        ('{ search(filter: {name: "x"}) { id } }', 2 + 1),  # an input object: 1
        ("{ search(filter: {min: 1, inner: {min: 2}}) { id } }", 2 + 1 + 3 + 1 + 3),
        ('{ search(big: "1") { id } }', 2 + 2),  # an argument of a costly scalar
        ("{ node { id ... on Item { tags { name } } } }", 1 + 4),
        ("{ anything { ... on Item { id } ... on User { best { id } } } }", 2 * (1 + 1)),
        ('mutation { rename(input: {id: "1", name: "x"}) { id } }', 10 + 1 + 1),
    ],
)
def test_estimates(model: CostModel, query: str, expected: int) -> None:
    assert cost(model, query) == expected


def test_slicing_arguments_from_variables(model: CostModel) -> None:
    query = "query($n: Int) { items(first: $n) { edges { node { id } } } }"
    assert cost(model, query, {"n": 3}) == 1 + 3 * 2
    assert cost(model, query, {"n": 50}) == 1 + 50 * 2
    assert cost(model, query, {"n": None}) == 1 + 20 * 2  # no value: the assumed size
    assert cost(model, query, {}) == 1 + 20 * 2
    nested = "query($a: Int, $b: Int) { top(first: $a) { tags { name } } t2: top(last: $b) { id } }"
    assert cost(model, nested, {"a": 3, "b": 8}) == 3 * (1 + 4) + 8


def test_argument_variables_are_costed_like_literals(model: CostModel) -> None:
    query = "query($f: Filter) { search(filter: $f) { id } }"
    assert cost(model, query, {"f": {"min": 1, "inner": {"min": 2}}}) == 2 + 1 + 3 + 1 + 3
    assert cost(model, query, {"f": None}) == 2


def test_fragments_count_where_they_are_spread(model: CostModel) -> None:
    query = """
      { a: items(first: 3) { ...Page } b: items(first: 6) { ...Page } me { ...U } you: me { ...U } }
      fragment Page on ItemConnection { edges { node { ...Named } } }
      fragment Named on Item { id name tags { name } }
      fragment U on User { friends { id } }
    """
    # Each spread sizes `edges` from its own connection: the memo keeps them apart.
    assert cost(model, query) == (1 + 3 * (1 + 1 + 4)) + (1 + 6 * (1 + 1 + 4)) + 2 * (1 + 10)


def test_a_fragment_bomb_is_costed_without_expanding_it(model: CostModel) -> None:
    # 2**64 copies of `friends` once expanded: costing that copy by copy would never end (the
    # test's timeout), costing each fragment once takes 64 steps.
    levels = 64
    fragments = ["fragment F0 on User { id }"] + [
        f"fragment F{i} on User {{ a: best {{ ...F{i - 1} }} b: best {{ ...F{i - 1} }} }}"
        for i in range(1, levels + 1)
    ]
    query = "{ me { ...F%d } } %s" % (levels, " ".join(fragments))  # noqa: UP031
    assert cost(model, query) == 1 + (2 ** (levels + 1) - 2)


def test_skip_and_include(model: CostModel) -> None:
    assert cost(model, "{ me @skip(if: true) { id } users @include(if: false) { id } }") == 0
    assert cost(model, "{ me @skip(if: false) { id } users @include(if: true) { id } }") == 11
    query = "query($s: Boolean!) { me @skip(if: $s) { id } ... @include(if: $s) { users { id } } }"
    assert cost(model, query, {"s": True}) == 10
    assert cost(model, query, {"s": False}) == 1
    spread = "query($s: Boolean!) { ...Q @skip(if: $s) } fragment Q on Query { users { id } }"
    assert cost(model, spread, {"s": True}) == 0
    assert cost(model, spread, {"s": False}) == 10


def test_default_list_size_is_configurable() -> None:
    model = CostModel(Supergraph(compose([SubgraphSDL("a", "http://a", SDL)])), 3)
    assert cost(model, "{ users { friends { id } } }") == 3 * (1 + 3)
    assert cost(model, "{ tags { name } }") == 4  # assumedSize still wins


def test_estimates_are_remembered_per_operation_and_values(model: CostModel) -> None:
    op, fragments = operation("query($n: Int) { items(first: $n) { edges { cursor } } }")
    assert model.estimate(op, fragments, {"n": 2}) == 3
    assert model.estimate(op, fragments, {"n": 4}) == 5
    assert model.estimate(op, fragments, {"n": 2}) == 3


def test_typical_operations_estimate_in_well_under_five_milliseconds(model: CostModel) -> None:
    # Near the router's field limit (2,000 once fragments are expanded), every estimate anew.
    fields = " ".join(f"f{i}: items(first: {i % 50}) {{ ...Page }}" for i in range(150))
    query = (
        "{ " + fields + " } fragment Page on ItemConnection { totalCount edges { cursor "
        "node { id name tags { name } } } }"
    )
    op, fragments = operation(query)
    timings = []
    for round_ in range(5):
        started = time.perf_counter()
        model.estimate(op, fragments, {"round": round_})  # new values: not remembered
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.005, timings


def test_actual_cost_counts_what_came_back(model: CostModel) -> None:
    op, fragments = operation(
        "{ a: users { id friends { id } best { id } } tags { name } expensive "
        "anything { __typename ... on Item { id } ... on User { best { id } } } heavies { id } }"
    )
    data = {
        "a": [
            {"id": "1", "friends": [{"id": "2"}, {"id": "3"}], "best": None},
            {"id": "2", "friends": [], "best": {"id": "1"}},
        ],
        "tags": [],
        "expensive": 5,
        "anything": [
            {"__typename": "Item", "id": "i"},
            {"__typename": "User", "best": {"id": "1"}},
        ],
        "heavies": [{"id": "h"}],
    }
    # users 2 + friends 2 + best 1; tags 0; expensive 7 (its @cost, even as a scalar);
    # anything: an item 1, a user 1 and its best 1; one heavy at its type's weight 5.
    assert model.actual(op, fragments, {}, data) == 2 + 2 + 1 + 0 + 7 + 3 + 5
    assert model.actual(op, fragments, {}, None) == 0


def test_actual_cost_of_a_mutation_and_of_arguments(model: CostModel) -> None:
    op, fragments = operation('mutation { rename(input: {id: "1", name: "x"}) { id } }')
    assert model.actual(op, fragments, {}, {"rename": {"id": "1"}}) == 10 + 1 + 1
    assert model.actual(op, fragments, {}, {"rename": None}) == 10 + 1


def test_demand_control_refuses_above_its_budget(model: CostModel) -> None:
    control = DemandControl(model.supergraph, max_cost=20)
    op, fragments = operation("query($n: Int) { items(first: $n) { edges { cursor } } }")
    assert control.admit(op, fragments, {"n": 19}) == 20
    with pytest.raises(RequestError) as refused:
        control.admit(op, fragments, {"n": 20})
    assert refused.value.errors[0]["extensions"] == {
        "cost": 21,
        "maxCost": 20,
        "code": "COST_ESTIMATED_TOO_EXPENSIVE",
    }
    unlimited = DemandControl(model.supergraph)
    assert unlimited.admit(op, fragments, {"n": 10**6}) is None  # no budget, nothing asked
    assert unlimited.admit(op, fragments, {"n": 10**6}, measure=True) == 10**6 + 1


def test_settings_from_the_environment() -> None:
    assert max_cost_from_env({}) == DEFAULT_MAX_COST
    assert max_cost_from_env({"AGORA_ROUTER_MAX_COST": "250"}) == 250
    assert max_cost_from_env({"AGORA_ROUTER_MAX_COST": "0"}) is None
    assert max_cost_from_env({"AGORA_ROUTER_MAX_COST": "off"}) is None
    assert default_list_size_from_env({}) == 10
    assert default_list_size_from_env({"AGORA_ROUTER_DEFAULT_LIST_SIZE": "25"}) == 25


def test_renamed_directives_are_read_through_the_supergraph_link() -> None:
    imports = '"@key", {name: "@cost", as: "@weigh"}, {name: "@listSize", as: "@sized"}'
    sdl = (
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", '
        f"import: [{imports}])\n"
        "type Query { a: [A!]! @sized(assumedSize: 3) b: Int @weigh(weight: 9) }\n"
        "type A { id: ID! }"
    )
    model = CostModel(Supergraph(compose([SubgraphSDL("a", "http://a", sdl)])))
    assert cost(model, "{ a { id } b }") == 3 + 9


def estimate_on(supergraph_sdl: str, query: str) -> int:
    op, fragments = operation(query)
    return CostModel(Supergraph(supergraph_sdl)).estimate(op, fragments, {})


def test_the_default_budget_admits_our_heaviest_client_operation() -> None:
    # tests/e2e/test_content_through_router.py: the feed with comments and replies.
    feed = """{ feed(first: 5) { edges { node {
        title likesCount commentsCount author { displayName } channel { id }
        comments(first: 5) { edges { node { body author { displayName }
          replies(first: 5) { edges { node { body author { displayName } } } } } } } } } } }"""
    agora = (REPO_ROOT / "schema" / "supergraph.graphql").read_text()
    assert estimate_on(agora, feed) == 501 <= DEFAULT_MAX_COST


def test_the_gateway_benchmark_query_fits_the_budget_its_router_gets() -> None:
    sources = [("accounts", ACCOUNTS_SDL), ("inventory", INVENTORY_SDL)]
    sources += [("products", PRODUCTS_SDL), ("reviews", REVIEWS_SDL)]
    supergraph = compose([SubgraphSDL(name, f"http://{name}", sdl) for name, sdl in sources])
    # No @listSize in those schemas: every list counts the default 10.
    assert DEFAULT_MAX_COST < estimate_on(supergraph, TEST_QUERY) == 24_420 < TEST_QUERY_BUDGET
