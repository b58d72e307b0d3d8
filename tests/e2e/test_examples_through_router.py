"""The example operations GraphiQL preloads (examples/operations/) run through the router as a
signed-in user without errors: with their own default variables, and PlaceOrder on a real gig."""

from __future__ import annotations

from agora.examples import EXAMPLES_DIR, read_examples
from tests.e2e.gigs import approved_gig
from tests.integration.accounts import Accounts
from tests.support.environment import REPO_ROOT
from tests.support.graphql import GraphQLClient

EXAMPLES = {example.name: example for example in read_examples(REPO_ROOT / EXAMPLES_DIR)}


async def test_each_query_runs_with_its_own_variables(
    api: GraphQLClient, accounts: Accounts
) -> None:
    user = await accounts.register(firstName="Ada")
    for example in EXAMPLES.values():
        if example.kind == "query":
            body = await api.execute(example.text, token=user.access)
            assert "errors" not in body, (example.name, body["errors"])
    me = (await api.execute(EXAMPLES["Me"].text, token=user.access))["data"]["me"]
    assert me["id"] == user.id


async def test_search_gigs_finds_a_gig_and_place_order_orders_it(
    api: GraphQLClient, accounts: Accounts
) -> None:
    seller, gig_id = await approved_gig(api, accounts)
    buyer = await accounts.register(firstName="Bea")
    found = await api.data(
        EXAMPLES["SearchGigs"].text,
        # Other tests make gigs with this title too: this seller's is the one to find.
        {
            "query": "watercolour portraits",
            "filter": {"maxPrice": "60", "maxDeliveryDays": 5, "sellerId": seller.id},
        },
        token=buyer.access,
    )
    assert [edge["node"]["id"] for edge in found["gigs"]["edges"]] == [gig_id]
    placed = await api.data(
        EXAMPLES["PlaceOrder"].text,
        {**(EXAMPLES["PlaceOrder"].variables or {}), "gigId": gig_id},
        token=buyer.access,
    )
    assert placed["placeOrder"]["errors"] == []
    order = placed["placeOrder"]["order"]
    assert order["status"] == "PENDING" and order["seller"]["id"] == seller.id
    assert order["package"]["tier"] == "BASIC"
