"""A seller with a gig that buyers can order, made through the router as users would."""

from __future__ import annotations

from tests.e2e.test_freelance_through_router import freelancer, mutate
from tests.integration.accounts import Account, Accounts
from tests.support.graphql import GraphQLClient

PLACE_ORDER = (
    "mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id } errors { code } } }"
)


async def approved_gig(api: GraphQLClient, accounts: Accounts) -> tuple[Account, str]:
    """(the seller, the id of their approved gig with one BASIC package at 60.00)."""
    seller = await freelancer(api, accounts)
    moderator = await accounts.with_roles("MODERATOR")
    gig = (
        await mutate(
            api,
            seller,
            "mutation($i: CreateGigInput!) { createGig(input: $i) { gig { id } errors { code } } }",
            {
                "i": {
                    "title": "Watercolour portraits",
                    "description": "A watercolour portrait painted from your photo, scanned in high resolution.",
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
                    {"tier": "BASIC", "name": "Portrait", "price": "60.00", "deliveryDays": 5}
                ],
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
    return seller, gig["id"]


def order_input(gig_id: str) -> dict[str, object]:
    return {"i": {"gigId": gig_id, "tier": "BASIC", "requirements": "From the attached photo."}}


async def reviewed_gig(api: GraphQLClient, accounts: Accounts, comment: str) -> str:
    """The id of an approved gig with one completed order and its buyer's review."""
    seller, gig_id = await approved_gig(api, accounts)
    buyer = await accounts.register(firstName="Rita", lastName="Reviewer")
    order = (await mutate(api, buyer, PLACE_ORDER, order_input(gig_id)))["order"]
    for who, mutation, variables in [
        (seller, "acceptOrder(orderId: $id)", {"id": order["id"]}),
        (
            seller,
            "deliverOrder(input: $i)",
            {
                "i": {
                    "orderId": order["id"],
                    "message": "Your portrait, scanned in high resolution.",
                }
            },
        ),
        (buyer, "completeOrder(orderId: $id)", {"id": order["id"]}),
    ]:
        kind = "$id: ID!" if "id" in variables else "$i: DeliverOrderInput!"
        await mutate(
            api, who, f"mutation({kind}) {{ {mutation} {{ errors {{ code }} }} }}", variables
        )
    await mutate(
        api,
        buyer,
        "mutation($i: LeaveReviewInput!) { leaveReview(input: $i) { review { id } errors { code } } }",
        {"i": {"orderId": order["id"], "rating": 5, "comment": comment}},
    )
    return gig_id
