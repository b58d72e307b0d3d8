"""Entity fetches to one subgraph at one step of the plan become one `_entities` call, whatever
paths their objects come from; each object still gets its own entity back."""

from __future__ import annotations

from benchmarks.gateways.schemas import ACCOUNTS_SDL, INVENTORY_SDL, PRODUCTS_SDL, REVIEWS_SDL
from benchmarks.gateways.testquery import TEST_QUERY
from router.composition import SubgraphSDL, compose
from router.gateway import Gateway as RouterGateway
from tests.federation.conftest import Gateway, ShopSubgraphs

USERS_AND_PRODUCTS = "{ users { id reviews { body } } topProducts { name reviews { body } } }"


def plan_of(sdl: str, query: str) -> str:
    gateway = RouterGateway(sdl)
    prepared = gateway.prepare(query)
    operation = gateway.operation(prepared, None)
    return gateway.plan(prepared, query, operation, {}).describe()


async def test_two_paths_to_one_subgraph_make_one_call(
    router: Gateway, shop: ShopSubgraphs
) -> None:
    both = await router.execute(USERS_AND_PRODUCTS)
    assert sorted(shop.called()) == ["accounts", "products", "reviews"]
    (reviews_call,) = [call for call in shop.calls if call.subgraph == "reviews"]
    sent = reviews_call.body["variables"]
    # one request; one `_entities` field per selection (users' and products' reviews differ)
    assert sorted(sent) == ["representations_0", "representations_1"]
    assert [{r["__typename"] for r in sent[name]} for name in sorted(sent)] == [
        {"User"},
        {"Product"},
    ]
    # each path gets exactly what it gets when asked on its own
    users = await router.execute("{ users { id reviews { body } } }")
    products = await router.execute("{ topProducts { name reviews { body } } }")
    assert both == {"data": {**users["data"], **products["data"]}}
    assert both["data"]["users"][0]["reviews"] == [
        {"body": "Love it!"},
        {"body": "Could be better."},
    ]


async def test_paths_needing_the_same_fields_share_one_entities_field(
    router: Gateway, shop: ShopSubgraphs
) -> None:
    body = await router.execute(
        '{ a: product(upc: "1") { inStock } b: product(upc: "1") { inStock } }'
    )
    assert body == {"data": {"a": {"inStock": True}, "b": {"inStock": True}}}
    (inventory_call,) = [call for call in shop.calls if call.subgraph == "inventory"]
    assert inventory_call.body["variables"] == {
        "representations": [{"__typename": "Product", "upc": "1"}]  # sent once for both
    }


def test_the_plan_shows_the_merged_paths(shop: ShopSubgraphs) -> None:
    plan = plan_of(shop.supergraph_sdl(), USERS_AND_PRODUCTS)
    assert 'Flatten(paths: ["users.@", "topProducts.@"]) { Fetch(service: "REVIEWS")' in plan
    assert "{_0:_entities(representations:$representations_0){...on User{" in plan
    assert " _1:_entities(representations:$representations_1){...on Product{" in plan
    assert plan.count("Fetch(") == 3


def test_the_gateways_benchmark_query_takes_seven_fetches() -> None:
    # The Guild's gateways benchmark (federation scenario): Hive Gateway makes 7 fetches.
    sdls = {
        "accounts": ACCOUNTS_SDL,
        "inventory": INVENTORY_SDL,
        "products": PRODUCTS_SDL,
        "reviews": REVIEWS_SDL,
    }
    supergraph = compose(
        [SubgraphSDL(name, f"http://bench.invalid/{name}", sdl) for name, sdl in sdls.items()]
    )
    plan = plan_of(supergraph, TEST_QUERY)
    assert plan.count("Fetch(") == 7, plan
    steps = [
        'Fetch(service: "ACCOUNTS") query{users',
        'Fetch(service: "PRODUCTS") query{topProducts',
        'Flatten(paths: ["users.@", "topProducts.@"]) { Fetch(service: "REVIEWS")',
        'Flatten(path: "topProducts.@") { Fetch(service: "INVENTORY")',
        'Flatten(paths: ["users.@.reviews.@.product.reviews.@.author.reviews.@.product", '
        '"users.@.reviews.@.product", "topProducts.@.reviews.@.author.reviews.@.product"]) '
        '{ Fetch(service: "PRODUCTS")',
        'Flatten(paths: ["users.@.reviews.@.product.reviews.@.author", '
        '"topProducts.@.reviews.@.author"]) { Fetch(service: "ACCOUNTS")',
    ]
    for step in steps:
        assert step in plan, step
    # the three product paths need the same fields: one `_entities` field, shared
    products = next(
        line for line in plan.splitlines() if 'Fetch(service: "PRODUCTS") query($' in line
    )
    assert "query($representations:[_Any!]!){_entities(representations:" in products
    assert plan.count('Fetch(service: "INVENTORY")') == 2
