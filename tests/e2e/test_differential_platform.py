"""Our router and Hive Gateway over the same Agora supergraph and subgraphs return the same
`data` for queries that cross subgraphs (public data: Hive forwards no client headers)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Stack
from tests.e2e.test_freelance_through_router import freelancer, mutate
from tests.federation.hive_gateway import run_hive_gateway
from tests.integration.accounts import Account, Accounts
from tests.support.graphql import GraphQLClient

QUERIES = {
    "seller with gigs, rating and portfolio": """query($id: ID!) { user(id: $id) {
        displayName profile { isPublic }
        gigs(first: 5) { totalCount edges { node { title status minPrice packages { tier price }
          seller { displayName } rating { average count } } } }
        freelancerRating { average count } portfolio(first: 5) { totalCount } } }""",
    "gig search with sellers": """query($q: String!) { gigs(query: $q, first: 5) {
        totalCount edges { node { title slug tags seller { id displayName } } } } }""",
    "channel with posts and authors": """query($slug: String!) { channel(slug: $slug) {
        name membersCount postsCount owner { displayName }
        posts(first: 5) { edges { node { title author { displayName gigs(first: 1) { totalCount } } } } } } }""",
    "products with sellers": """query($q: String!) { products(query: $q, first: 5) {
        edges { node { title price discountPercent seller { displayName products(first: 5) { totalCount } } } } } }""",
    "entity hops back and forth": """query($id: ID!) { user(id: $id) {
        channels(first: 5) { edges { node { name owner { displayName channels(first: 5) { totalCount } } } } }
        posts(first: 5) { edges { node { title channel { name } } } } } }""",
    "fragments, aliases and typename": """query($id: ID!) {
        a: user(id: $id) { ...Who }  b: user(id: $id) { __typename ... on User { id } } }
        fragment Who on User { __typename displayName gigs(first: 1) { edges { node { __typename title } } } }""",
}


@pytest.fixture(scope="module")
def hive(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("hive-platform")
    supergraph = directory / "supergraph.graphql"
    supergraph.write_text(stack.supergraph)
    with run_hive_gateway(supergraph, directory / "hive.log") as url:
        yield url


async def platform_data(api: GraphQLClient, accounts: Accounts) -> dict[str, Any]:
    word = f"quokka{uuid.uuid4().hex[:6]}"
    seller: Account = await freelancer(api, accounts)
    moderator = await accounts.with_roles("MODERATOR")
    gig = (
        await mutate(
            api,
            seller,
            "mutation($i: CreateGigInput!) { createGig(input: $i) { gig { id } errors { code } } }",
            {
                "i": {
                    "title": f"Illustrated {word} maps",
                    "description": "Hand-illustrated maps of your town, delivered as print-ready vector files.",
                    "tags": [word, "maps"],
                }
            },
        )
    )["gig"]
    await mutate(
        api,
        seller,
        "mutation($i: SetGigPackagesInput!) { setGigPackages(input: $i) { gig { id } errors { code } } }",
        {
            "i": {
                "gigId": gig["id"],
                "packages": [{"tier": "BASIC", "name": "Map", "price": "45.00", "deliveryDays": 4}],
            }
        },
    )
    await mutate(
        api,
        seller,
        "mutation($id: ID!) { submitGig(gigId: $id) { gig { id } errors { code } } }",
        {"id": gig["id"]},
    )
    await mutate(
        api,
        moderator,
        "mutation($id: ID!) { approveGig(gigId: $id) { gig { id } errors { code } } }",
        {"id": gig["id"]},
    )
    channel = (
        await mutate(
            api,
            seller,
            "mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id slug } errors { code } } }",
            {"i": {"name": f"Maps {word}"}},
        )
    )["channel"]
    post = await mutate(
        api,
        seller,
        "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } errors { code } } }",
        {
            "i": {
                "channelId": channel["id"],
                "title": "New map style",
                "body": "Watercolour textures for coastlines.",
            }
        },
    )
    await mutate(
        api, seller, "mutation { enableRole(role: SELLER) { user { id } errors { code } } }"
    )
    shop = await accounts.login(seller.email)
    product = (
        await mutate(
            api,
            shop,
            "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } errors { code } } }",
            {
                "i": {
                    "title": f"Printed {word} atlas",
                    "price": "30.00",
                    "oldPrice": "40.00",
                    "city": "Perth",
                }
            },
        )
    )["product"]
    await mutate(
        api,
        shop,
        "mutation($id: ID!) { publishProduct(id: $id) { product { id } errors { code } } }",
        {"id": product["id"]},
    )
    return {
        "id": seller.id,
        "q": word,
        "slug": channel["slug"],
        # more of what was made, for the fuzzer's argument values
        "gig": gig["id"],
        "channel": channel["id"],
        "post": post["post"]["id"],
        "product": product["id"],
    }


async def test_same_data_as_hive_gateway(api: GraphQLClient, accounts: Accounts, hive: str) -> None:
    variables = await platform_data(api, accounts)
    async with httpx.AsyncClient(base_url=hive, timeout=60) as http:
        for name, query in QUERIES.items():
            used = {k: v for k, v in variables.items() if f"${k}" in query}
            ours = await api.execute(query, used)
            theirs = (await http.post("/graphql", json={"query": query, "variables": used})).json()
            assert "errors" not in ours, (name, ours)
            assert ours["data"] == theirs.get("data"), name
