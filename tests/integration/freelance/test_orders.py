"""Orders: placing, every transition of the status machine, who may see and change them."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest

from subgraphs.kit.database import Database
from tests.integration.freelance.events import events_about, kinds_and_recipients
from tests.integration.freelance.studio import ORDER_FIELDS, Studio, order_mutation, packages
from tests.support.graphql import GraphQLClient, error_codes

ORDER = f"query($id: ID!) {{ order(id: $id) {{ {ORDER_FIELDS} }} }}"
CANCEL = f"""
mutation($input: CancelOrderInput!) {{
  cancelOrder(input: $input) {{ order {{ {ORDER_FIELDS} }} errors {{ field code }} }}
}}
"""
MY_ORDERS = """
query($role: OrderRole, $status: OrderStatus, $first: Int, $after: String) {
  myOrders(role: $role, status: $status, first: $first, after: $after) {
    totalCount edges { node { id status } } pageInfo { hasNextPage endCursor }
  }
}
"""


async def status_of(studio: Studio, order_id: str, token: str) -> str:
    return str((await studio.data(ORDER, {"id": order_id}, token=token))["order"]["status"])


async def test_placing_an_order_snapshots_the_package(studio: Studio) -> None:
    seller, buyer = await studio.seller(), await studio.buyer()
    gig = await studio.active_gig(seller)
    placed = await studio.place(buyer, gig["id"], "STANDARD", "  Use the brand colours.  ")
    assert placed["errors"] == []
    order = placed["order"]
    assert order["status"] == "PENDING"
    assert order["package"] == {
        "tier": "STANDARD",
        "name": "Standard package",
        "price": "120.00",
        "deliveryDays": 5,
        "revisions": 1,
    }
    assert order["buyer"] == {"id": buyer.id} and order["seller"] == {"id": seller.id}
    assert order["gig"] == {"id": gig["id"], "title": gig["title"]}
    assert order["requirements"] == "Use the brand colours."
    assert order["deadline"] is None and order["revisionsLeft"] == 1
    # Later package edits do not touch the order.
    await studio.set_packages(seller, gig["id"], packages(("STANDARD", "999", 30)))
    again = await studio.data(ORDER, {"id": order["id"]}, token=buyer.access)
    assert again["order"]["package"]["price"] == "120.00"
    gig_now = await studio.data(
        "query($id: ID!) { gig(id: $id) { ordersCount } }", {"id": gig["id"]}
    )
    assert gig_now["gig"]["ordersCount"] == 1


async def test_place_order_rules(studio: Studio) -> None:
    seller, buyer = await studio.seller(), await studio.buyer()
    gig = await studio.active_gig(seller, package_list=packages(("BASIC", "10", 1)))
    draft = await studio.draft(seller)
    cases: list[tuple[Any, str, str, str, str]] = [
        (seller, gig["id"], "BASIC", "", "CANNOT_ORDER_OWN_GIG"),
        (buyer, draft["id"], "BASIC", "", "GIG_NOT_AVAILABLE"),
        (buyer, gig["id"], "PREMIUM", "", "PACKAGE_NOT_FOUND"),
        (buyer, gig["id"], "BASIC", "r" * 3001, "TOO_LONG"),
        (buyer, "00000000-0000-0000-0000-000000000000", "BASIC", "", "NOT_FOUND"),
        (buyer, "garbage", "BASIC", "", "NOT_FOUND"),
    ]
    for account, gig_id, tier, requirements, code in cases:
        result = await studio.place(account, gig_id, tier, requirements)
        assert result["order"] is None
        assert [e["code"] for e in result["errors"]] == [code], code
    anonymous = await studio.client.execute(
        "mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { errors { code } } }",
        {"i": {"gigId": gig["id"], "tier": "BASIC"}},
    )
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
    paused = await studio.active_gig(seller)
    await studio.gig_action("pauseGig", paused["id"], seller.access)
    assert [e["code"] for e in (await studio.place(buyer, paused["id"]))["errors"]] == [
        "GIG_NOT_AVAILABLE"
    ]
    assert (await studio.data(MY_ORDERS, {"role": "BUYER"}, token=buyer.access))["myOrders"][
        "totalCount"
    ] == 0


async def test_happy_path_with_a_revision(studio: Studio, freelance_local_db: Database) -> None:
    seller, buyer = await studio.seller(), await studio.buyer()
    gig = await studio.active_gig(seller)
    order = await studio.order(buyer, gig["id"])
    accepted = await studio.act("acceptOrder", order["id"], seller)
    assert accepted["errors"] == []
    accepted_order = accepted["order"]
    assert accepted_order["status"] == "IN_PROGRESS"
    accepted_at = dt.datetime.fromisoformat(accepted_order["acceptedAt"])
    assert dt.datetime.fromisoformat(accepted_order["deadline"]) - accepted_at == dt.timedelta(
        days=3
    )
    assert accepted_order["isOverdue"] is False
    delivered = await studio.deliver(order["id"], seller)
    assert delivered["order"]["status"] == "DELIVERED"
    revision = await studio.act("requestRevision", order["id"], buyer)
    assert revision["order"]["status"] == "IN_PROGRESS" and revision["order"]["revisionsLeft"] == 0
    await studio.deliver(order["id"], seller)
    no_more = await studio.act("requestRevision", order["id"], buyer)
    assert [e["code"] for e in no_more["errors"]] == ["NO_REVISIONS_LEFT"]
    assert await status_of(studio, order["id"], buyer.access) == "DELIVERED"
    done = await studio.act("completeOrder", order["id"], buyer)
    final = done["order"]
    assert final["status"] == "COMPLETED" and final["completedAt"] is not None
    assert len(final["deliveries"]) == 2
    assert final["deliveries"][0] == {
        "message": "Here is the finished work.",
        "fileUrls": ["https://files.example/a.zip"],
    }
    events = await events_about(freelance_local_db, "orderId", order["id"])
    assert kinds_and_recipients(events) == [
        ("ORDER_PLACED", seller.id),
        ("ORDER_ACCEPTED", buyer.id),
        ("ORDER_DELIVERED", buyer.id),
        ("REVISION_REQUESTED", seller.id),
        ("ORDER_DELIVERED", buyer.id),
        ("ORDER_COMPLETED", seller.id),
    ]
    assert events[0].actor_id == buyer.id and events[0].data["gigTitle"] == gig["title"]
    assert events[1].actor_id == seller.id and events[1].data["gigTitle"] == gig["title"]
    assert events[1].data["packageName"] == "Basic package"
    assert events[1].data["gigId"] == gig["id"] and events[1].data["deadline"]


async def test_transitions_that_do_not_apply_change_nothing(studio: Studio) -> None:
    seller, buyer = await studio.seller(), await studio.buyer()
    gig = await studio.active_gig(seller)
    order = await studio.order(buyer, gig["id"])
    for name, actor in (
        ("completeOrder", buyer),
        ("requestRevision", buyer),
    ):
        result = await studio.act(name, order["id"], actor)
        assert result["order"] is None
        assert [e["code"] for e in result["errors"]] == ["INVALID_TRANSITION"], name
    early = await studio.deliver(order["id"], seller)
    assert [e["code"] for e in early["errors"]] == ["INVALID_TRANSITION"]
    assert await status_of(studio, order["id"], buyer.access) == "PENDING"
    await studio.act("acceptOrder", order["id"], seller)
    again = await studio.act("acceptOrder", order["id"], seller)
    assert [e["code"] for e in again["errors"]] == ["INVALID_TRANSITION"]
    snapshot = (await studio.data(ORDER, {"id": order["id"]}, token=buyer.access))["order"]
    assert snapshot["status"] == "IN_PROGRESS" and snapshot["deliveries"] == []


async def test_each_transition_belongs_to_one_party(studio: Studio) -> None:
    seller, buyer = await studio.seller(), await studio.buyer()
    gig = await studio.active_gig(seller)
    order = await studio.order(buyer, gig["id"])
    wrong = await studio.client.execute(
        order_mutation("acceptOrder"), {"id": order["id"]}, token=buyer.access
    )
    assert error_codes(wrong) == ["FORBIDDEN"]
    await studio.act("acceptOrder", order["id"], seller)
    await studio.deliver(order["id"], seller)
    own_complete = await studio.client.execute(
        order_mutation("completeOrder"), {"id": order["id"]}, token=seller.access
    )
    assert error_codes(own_complete) == ["FORBIDDEN"]
    assert await status_of(studio, order["id"], buyer.access) == "DELIVERED"


async def test_a_stranger_cannot_see_or_change_an_order(studio: Studio) -> None:
    seller, buyer, stranger = await studio.seller(), await studio.buyer(), await studio.buyer()
    gig = await studio.active_gig(seller)
    order = await studio.order(buyer, gig["id"])
    assert (await studio.data(ORDER, {"id": order["id"]}, token=stranger.access))["order"] is None
    # Moderators see orders only once disputed.
    moderator_view = await studio.data(ORDER, {"id": order["id"]}, token=studio.moderator.access)
    assert moderator_view["order"] is None
    assert error_codes(await studio.client.execute(ORDER, {"id": order["id"]})) == [
        "UNAUTHENTICATED"
    ]
    for name in ("acceptOrder", "completeOrder", "requestRevision"):
        body = await studio.client.execute(
            order_mutation(name), {"id": order["id"]}, token=stranger.access
        )
        assert error_codes(body) == ["FORBIDDEN"], name
    cancel = await studio.client.execute(
        CANCEL,
        {"input": {"orderId": order["id"], "reason": "Not mine at all"}},
        token=stranger.access,
    )
    assert error_codes(cancel) == ["FORBIDDEN"]
    assert await status_of(studio, order["id"], buyer.access) == "PENDING"
    missing = await studio.act("acceptOrder", "00000000-0000-0000-0000-000000000000", seller)
    assert [e["code"] for e in missing["errors"]] == ["NOT_FOUND"]


async def test_cancel_stores_the_reason_and_tells_the_other_party(
    studio: Studio, freelance_local_db: Database
) -> None:
    seller, buyer = await studio.seller(), await studio.buyer()
    gig = await studio.active_gig(seller)
    by_buyer = await studio.order(buyer, gig["id"])
    short = await studio.payload(
        CANCEL, {"input": {"orderId": by_buyer["id"], "reason": "no"}}, buyer.access, "cancelOrder"
    )
    assert [(e["code"], e["field"]) for e in short["errors"]] == [("TOO_SHORT", "reason")]
    done = await studio.payload(
        CANCEL,
        {"input": {"orderId": by_buyer["id"], "reason": "Changed my mind"}},
        buyer.access,
        "cancelOrder",
    )
    assert done["order"]["status"] == "CANCELLED"
    assert done["order"]["cancelReason"] == "Changed my mind"
    by_seller = await studio.order(buyer, gig["id"])
    await studio.act("acceptOrder", by_seller["id"], seller)
    await studio.payload(
        CANCEL,
        {"input": {"orderId": by_seller["id"], "reason": "Too busy now"}},
        seller.access,
        "cancelOrder",
    )
    assert [
        (e.kind, e.recipient_id)
        for e in await events_about(freelance_local_db, "orderId", by_buyer["id"])
        if e.kind == "ORDER_CANCELLED"
    ] == [("ORDER_CANCELLED", seller.id)]
    assert [
        (e.kind, e.recipient_id)
        for e in await events_about(freelance_local_db, "orderId", by_seller["id"])
        if e.kind == "ORDER_CANCELLED"
    ] == [("ORDER_CANCELLED", buyer.id)]
    await studio.deliver(by_seller["id"], seller)  # INVALID_TRANSITION: cancelled is final
    assert await status_of(studio, by_seller["id"], buyer.access) == "CANCELLED"
    _, late_buyer, _, delivered = await studio.delivered_order()
    late = await studio.payload(
        CANCEL,
        {"input": {"orderId": delivered["id"], "reason": "Too late now"}},
        late_buyer.access,
        "cancelOrder",
    )
    assert [e["code"] for e in late["errors"]] == ["INVALID_TRANSITION"]


async def test_deliver_limits(studio: Studio) -> None:
    seller, buyer = await studio.seller(), await studio.buyer()
    gig = await studio.active_gig(seller)
    order = await studio.order(buyer, gig["id"])
    await studio.act("acceptOrder", order["id"], seller)
    query = "mutation($i: DeliverOrderInput!) { deliverOrder(input: $i) { order { id } errors { field code } } }"
    cases: list[tuple[dict[str, Any], tuple[str, str]]] = [
        ({"message": "too short"}, ("TOO_SHORT", "message")),
        ({"message": "m" * 2001}, ("TOO_LONG", "message")),
        (
            {"message": "All done, enjoy!", "fileUrls": ["javascript:alert(1)"]},
            ("INVALID_URL", "fileUrls"),
        ),
        (
            {
                "message": "All done, enjoy!",
                "fileUrls": [f"https://f.example/{i}" for i in range(11)],
            },
            ("TOO_MANY", "fileUrls"),
        ),
    ]
    for fields, expected in cases:
        result = await studio.payload(
            query, {"i": {"orderId": order["id"], **fields}}, seller.access, "deliverOrder"
        )
        assert [(e["code"], e["field"]) for e in result["errors"]] == [expected]
    assert await status_of(studio, order["id"], buyer.access) == "IN_PROGRESS"


async def test_my_orders_by_role_and_status(studio: Studio) -> None:
    seller, buyer = await studio.seller(), await studio.buyer()
    gig = await studio.active_gig(seller)
    orders = [await studio.order(buyer, gig["id"]) for _ in range(3)]
    await studio.act("acceptOrder", orders[0]["id"], seller)
    as_buyer = (await studio.data(MY_ORDERS, {"role": "BUYER"}, token=buyer.access))["myOrders"]
    assert as_buyer["totalCount"] == 3
    assert [e["node"]["id"] for e in as_buyer["edges"]] == [o["id"] for o in reversed(orders)]
    as_seller = await studio.data(
        MY_ORDERS, {"role": "SELLER", "status": "PENDING"}, token=seller.access
    )
    assert as_seller["myOrders"]["totalCount"] == 2
    page = (await studio.data(MY_ORDERS, {"first": 2}, token=buyer.access))["myOrders"]
    rest = await studio.data(
        MY_ORDERS, {"first": 2, "after": page["pageInfo"]["endCursor"]}, token=buyer.access
    )
    assert page["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["id"] for e in rest["myOrders"]["edges"]] == [orders[0]["id"]]
    assert (await studio.data(MY_ORDERS, {"role": "SELLER"}, token=buyer.access))["myOrders"][
        "totalCount"
    ] == 0
    too_many = await studio.client.execute(MY_ORDERS, {"first": 101}, token=buyer.access)
    assert error_codes(too_many) == ["BAD_USER_INPUT"]
    bad_cursor = await studio.client.execute(MY_ORDERS, {"after": "nonsense"}, token=buyer.access)
    assert error_codes(bad_cursor) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("attempt", range(3))
async def test_racing_completions_give_one_success(
    studio: Studio, freelance_url: str, freelance_local_db: Database, attempt: int
) -> None:
    """Two completeOrder calls over two real HTTP connections at once: exactly one wins."""
    _, buyer, _, order = await studio.delivered_order()
    gate = asyncio.Event()
    ready = [asyncio.Event(), asyncio.Event()]

    async def complete(index: int) -> dict[str, Any]:
        async with httpx.AsyncClient(base_url=freelance_url, timeout=30) as http:
            client = GraphQLClient(http)
            await client.execute("{ __typename }")  # connection open before the race starts
            ready[index].set()
            await gate.wait()
            body = await client.data(
                order_mutation("completeOrder"), {"id": order["id"]}, token=buyer.access
            )
            result: dict[str, Any] = body["completeOrder"]
            return result

    racers = [asyncio.create_task(complete(index)) for index in range(2)]
    await asyncio.wait_for(asyncio.gather(*(event.wait() for event in ready)), timeout=10)
    gate.set()
    results = await asyncio.gather(*racers)
    codes = sorted(tuple(e["code"] for e in r["errors"]) for r in results)
    assert codes == [(), ("INVALID_TRANSITION",)]
    winners = [r for r in results if not r["errors"]]
    assert winners[0]["order"]["status"] == "COMPLETED"
    completions = [
        e
        for e in await events_about(freelance_local_db, "orderId", order["id"])
        if e.kind == "ORDER_COMPLETED"
    ]
    assert len(completions) == 1
