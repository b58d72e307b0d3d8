"""Test helpers: accounts with roles, and gigs and orders made through the public API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from tests.integration.accounts import Account, Accounts
from tests.support.graphql import GraphQLClient

DESCRIPTION = "A careful, complete piece of work delivered on time with clear communication."
SET_ROLES = (
    "mutation($id: ID!, $roles: [Role!]!) { setUserRoles(userId: $id, roles: $roles) "
    "{ errors { code } } }"
)
GIG_FIELDS = """
id slug title description status tags ordersCount viewsCount minPrice rejectionReason
rating { average count } seller { id } category { id slug }
packages { tier name price deliveryDays revisions features }
images { url caption isPrimary position }
"""
CREATE_GIG = f"""
mutation($input: CreateGigInput!) {{
  createGig(input: $input) {{ gig {{ {GIG_FIELDS} }} errors {{ field code message }} }}
}}
"""
SET_PACKAGES = f"""
mutation($input: SetGigPackagesInput!) {{
  setGigPackages(input: $input) {{ gig {{ {GIG_FIELDS} }} errors {{ field code message }} }}
}}
"""
ORDER_FIELDS = """
id status requirements deadline revisionsLeft isOverdue cancelReason
createdAt acceptedAt deliveredAt completedAt cancelledAt disputedAt
package { tier name price deliveryDays revisions }
buyer { id } seller { id } gig { id title }
deliveries { message fileUrls }
"""
PLACE_ORDER = f"""
mutation($input: PlaceOrderInput!) {{
  placeOrder(input: $input) {{ order {{ {ORDER_FIELDS} }} errors {{ field code message }} }}
}}
"""


def gig_status_mutation(name: str) -> str:
    return (
        f"mutation($id: ID!) {{ {name}(gigId: $id) {{ gig {{ id status }} "
        "errors { field code message } } }"
    )


def order_mutation(name: str) -> str:
    return (
        f"mutation($id: ID!) {{ {name}(orderId: $id) {{ order {{ {ORDER_FIELDS} }} "
        "errors { field code message } } }"
    )


def packages(*tiers: tuple[str, str, int]) -> list[dict[str, Any]]:
    return [
        {
            "tier": tier,
            "name": f"{tier.title()} package",
            "price": price,
            "deliveryDays": days,
            "revisions": 1,
            "features": ["Source files"],
        }
        for tier, price, days in tiers
    ]


DEFAULT_PACKAGES = packages(("BASIC", "50.00", 3), ("STANDARD", "120.00", 5))


@dataclass
class Staff:
    accounts: Accounts
    admin: Account
    moderator: Account

    async def with_roles(self, *roles: str, **fields: Any) -> Account:
        account = await self.accounts.register(**fields)
        data = await self.accounts.users.data(
            SET_ROLES, {"id": account.id, "roles": list(roles)}, token=self.admin.access
        )
        assert data["setUserRoles"]["errors"] == []
        return await self.accounts.login(account.email)


class Studio:
    def __init__(self, client: GraphQLClient, staff: Staff) -> None:
        self.client = client
        self.staff = staff

    @property
    def moderator(self) -> Account:
        return self.staff.moderator

    @property
    def admin(self) -> Account:
        return self.staff.admin

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        return await self.client.data(query, variables, token=token)

    async def payload(
        self, query: str, variables: dict[str, Any], token: str | None, name: str
    ) -> dict[str, Any]:
        result: dict[str, Any] = (await self.client.data(query, variables, token=token))[name]
        return result

    async def seller(self, **fields: Any) -> Account:
        return await self.staff.with_roles("FREELANCER", **fields)

    async def buyer(self) -> Account:
        return await self.staff.accounts.register()

    async def draft(self, seller: Account, **fields: Any) -> dict[str, Any]:
        values: dict[str, Any] = {
            "title": f"Professional work {uuid.uuid4().hex[:6]}",
            "description": DESCRIPTION,
            "tags": ["design"],
        }
        values.update(fields)
        payload = await self.payload(CREATE_GIG, {"input": values}, seller.access, "createGig")
        assert payload["errors"] == [], payload["errors"]
        return payload["gig"]

    async def set_packages(
        self, seller: Account, gig_id: str, values: list[dict[str, Any]]
    ) -> dict[str, Any]:
        return await self.payload(
            SET_PACKAGES,
            {"input": {"gigId": gig_id, "packages": values}},
            seller.access,
            "setGigPackages",
        )

    async def gig_action(self, name: str, gig_id: str, token: str) -> dict[str, Any]:
        return await self.payload(gig_status_mutation(name), {"id": gig_id}, token, name)

    async def active_gig(
        self,
        seller: Account,
        *,
        package_list: list[dict[str, Any]] | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """A gig through the whole path: draft, packages, submitted, approved."""
        gig = await self.draft(seller, **fields)
        packed = await self.set_packages(seller, gig["id"], package_list or DEFAULT_PACKAGES)
        assert packed["errors"] == [], packed["errors"]
        submitted = await self.gig_action("submitGig", gig["id"], seller.access)
        assert submitted["errors"] == [], submitted["errors"]
        approved = await self.gig_action("approveGig", gig["id"], self.moderator.access)
        assert approved["errors"] == [], approved["errors"]
        return packed["gig"] | {"status": "ACTIVE"}

    async def place(
        self, buyer: Account, gig_id: str, tier: str = "BASIC", requirements: str = ""
    ) -> dict[str, Any]:
        return await self.payload(
            PLACE_ORDER,
            {"input": {"gigId": gig_id, "tier": tier, "requirements": requirements}},
            buyer.access,
            "placeOrder",
        )

    async def order(self, buyer: Account, gig_id: str, tier: str = "BASIC") -> dict[str, Any]:
        placed = await self.place(buyer, gig_id, tier, "Please use blue.")
        assert placed["errors"] == [], placed["errors"]
        return placed["order"]

    async def act(self, name: str, order_id: str, account: Account) -> dict[str, Any]:
        return await self.payload(order_mutation(name), {"id": order_id}, account.access, name)

    async def deliver(self, order_id: str, seller: Account) -> dict[str, Any]:
        return await self.payload(
            """mutation($input: DeliverOrderInput!) { deliverOrder(input: $input) {
                 order { id status deliveries { message fileUrls } } errors { field code } } }""",
            {
                "input": {
                    "orderId": order_id,
                    "message": "Here is the finished work.",
                    "fileUrls": ["https://files.example/a.zip"],
                }
            },
            seller.access,
            "deliverOrder",
        )

    async def delivered_order(self) -> tuple[Account, Account, dict[str, Any], dict[str, Any]]:
        """(seller, buyer, gig, order) with the order DELIVERED."""
        seller, buyer = await self.seller(), await self.buyer()
        gig = await self.active_gig(seller)
        order = await self.order(buyer, gig["id"])
        assert (await self.act("acceptOrder", order["id"], seller))["errors"] == []
        assert (await self.deliver(order["id"], seller))["errors"] == []
        return seller, buyer, gig, order

    async def completed_order(self) -> tuple[Account, Account, dict[str, Any], dict[str, Any]]:
        seller, buyer, gig, order = await self.delivered_order()
        assert (await self.act("completeOrder", order["id"], buyer))["errors"] == []
        return seller, buyer, gig, order
