"""A whole freelance deal through the router: publish, find, order, deliver, revise, complete,
review; the gig's rating, the seller's dashboard and `seller { displayName }` reflect it."""

from __future__ import annotations

import uuid
from typing import Any

from tests.integration.accounts import Account, Accounts
from tests.support.graphql import GraphQLClient

GIG = "gig { id status rating { average count } ordersCount seller { displayName } }"
ORDER = "order { id status revisionsLeft deliveries { message } seller { displayName } buyer { displayName } }"


async def mutate(
    api: GraphQLClient, account: Account, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    data = await api.data(query, variables, token=account.access)
    payload: dict[str, Any] = next(iter(data.values()))
    assert payload["errors"] == [], payload["errors"]
    return payload


async def freelancer(api: GraphQLClient, accounts: Accounts) -> Account:
    """Registers, turns FREELANCER on through the router, and signs in again to carry the role."""
    account = await accounts.register(firstName="Fiona", lastName="Freelancer")
    await mutate(
        api, account, "mutation { enableRole(role: FREELANCER) { user { roles } errors { code } } }"
    )
    return await accounts.login(account.email)


async def test_a_deal_from_search_to_review(api: GraphQLClient, accounts: Accounts) -> None:
    seller = await freelancer(api, accounts)
    buyer = await accounts.register(firstName="Boris", lastName="Buyer")
    moderator = await accounts.with_roles("MODERATOR")
    word = f"zebra{uuid.uuid4().hex[:8]}"

    gig = (
        await mutate(
            api,
            seller,
            f"mutation($i: CreateGigInput!) {{ createGig(input: $i) {{ {GIG} errors {{ code }} }} }}",
            {
                "i": {
                    "title": f"Hand-drawn {word} logo design",
                    "description": "I draw a unique logo by hand, scan it and vectorise it for print and web use.",
                    "tags": ["logo", word],
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
                "packages": [
                    {
                        "tier": "BASIC",
                        "name": "One logo",
                        "price": "120.00",
                        "deliveryDays": 3,
                        "revisions": 1,
                    }
                ],
            }
        },
    )
    await mutate(
        api,
        seller,
        "mutation($id: ID!) { submitGig(gigId: $id) { gig { status } errors { code } } }",
        {"id": gig["id"]},
    )
    approved = await mutate(
        api,
        moderator,
        "mutation($id: ID!) { approveGig(gigId: $id) { gig { status } errors { code } } }",
        {"id": gig["id"]},
    )
    assert approved["gig"]["status"] == "ACTIVE"

    found = await api.data(
        "query($q: String!) { gigs(query: $q, first: 5) { totalCount edges { node { id minPrice seller { displayName } } } } }",
        {"q": word},
    )
    assert found["gigs"]["totalCount"] == 1
    assert found["gigs"]["edges"][0]["node"] == {
        "id": gig["id"],
        "minPrice": "120.00",
        "seller": {"displayName": "Fiona Freelancer"},
    }

    order = (
        await mutate(
            api,
            buyer,
            f"mutation($i: PlaceOrderInput!) {{ placeOrder(input: $i) {{ {ORDER} errors {{ code }} }} }}",
            {
                "i": {
                    "gigId": gig["id"],
                    "tier": "BASIC",
                    "requirements": "A zebra, in black and white.",
                }
            },
        )
    )["order"]
    assert order["status"] == "PENDING"
    assert order["seller"] == {"displayName": "Fiona Freelancer"} and order["buyer"] == {
        "displayName": "Boris Buyer"
    }

    async def step(who: Account, mutation: str, variables: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = (await mutate(api, who, mutation, variables))["order"]
        return result

    deliver = f"mutation($i: DeliverOrderInput!) {{ deliverOrder(input: $i) {{ {ORDER} errors {{ code }} }} }}"
    assert (
        await step(
            seller,
            f"mutation($id: ID!) {{ acceptOrder(orderId: $id) {{ {ORDER} errors {{ code }} }} }}",
            {"id": order["id"]},
        )
    )["status"] == "IN_PROGRESS"
    assert (
        await step(
            seller, deliver, {"i": {"orderId": order["id"], "message": "First draft attached."}}
        )
    )["status"] == "DELIVERED"
    revised = await step(
        buyer,
        f"mutation($id: ID!) {{ requestRevision(orderId: $id) {{ {ORDER} errors {{ code }} }} }}",
        {"id": order["id"]},
    )
    assert revised["status"] == "IN_PROGRESS" and revised["revisionsLeft"] == 0
    delivered = await step(
        seller, deliver, {"i": {"orderId": order["id"], "message": "Final version with stripes."}}
    )
    assert [d["message"] for d in delivered["deliveries"]] == [
        "First draft attached.",
        "Final version with stripes.",
    ]
    completed = await step(
        buyer,
        f"mutation($id: ID!) {{ completeOrder(orderId: $id) {{ {ORDER} errors {{ code }} }} }}",
        {"id": order["id"]},
    )
    assert completed["status"] == "COMPLETED"

    await mutate(
        api,
        buyer,
        "mutation($i: LeaveReviewInput!) { leaveReview(input: $i) { review { rating } errors { code } } }",
        {"i": {"orderId": order["id"], "rating": 4, "comment": "Lovely zebra, quick revision."}},
    )
    after = await api.data(
        "query($id: ID!) { gig(id: $id) { rating { average count } ordersCount seller { displayName freelancerRating { average count } } } }",
        {"id": gig["id"]},
    )
    assert after["gig"]["rating"] == {"average": 4.0, "count": 1}
    assert after["gig"]["ordersCount"] == 1
    assert after["gig"]["seller"]["displayName"] == "Fiona Freelancer"
    assert after["gig"]["seller"]["freelancerRating"] == {"average": 4.0, "count": 1}

    dashboard = await api.data(
        "{ sellerDashboard(period: ALL) { gigsTotal gigsActive ordersTotal revenue averageRating ordersByStatus { status count } } }",
        token=seller.access,
    )
    board = dashboard["sellerDashboard"]
    assert board["gigsTotal"] == 1 and board["gigsActive"] == 1 and board["ordersTotal"] == 1
    assert board["revenue"] == "120.00" and board["averageRating"] == 4.0
    assert {"status": "COMPLETED", "count": 1} in board["ordersByStatus"]
