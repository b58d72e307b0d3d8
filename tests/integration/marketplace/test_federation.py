"""Federation: Product is an entity; User (owned by users) gains `products` here."""

from __future__ import annotations

from typing import Any

from tests.integration.accounts import Accounts
from tests.integration.marketplace.market import Market

USER_PRODUCTS = """
query($reps: [_Any!]!, $status: ProductStatus, $first: Int, $after: String) {
  _entities(representations: $reps) {
    ... on User { id products(status: $status, first: $first, after: $after) {
      totalCount edges { node { id status seller { id } } } pageInfo { hasNextPage endCursor }
    } }
  }
}
"""


async def products_of(
    market: Market, user_id: str, token: str | None = None, **args: Any
) -> dict[str, Any]:
    data = await market.client.data(
        USER_PRODUCTS, {"reps": [{"__typename": "User", "id": user_id}], **args}, token=token
    )
    result: dict[str, Any] = data["_entities"][0]["products"]
    return result


def statuses(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["status"] for edge in connection["edges"]]


async def test_user_products_show_public_ones_to_others(accounts: Accounts, market: Market) -> None:
    seller, stranger = await accounts.with_roles("SELLER"), await accounts.register()
    token = seller.access
    draft = await market.create_product(token)
    active = await market.listed(token)
    sold = await market.listed(token)
    archived = await market.listed(token)
    await market.transition("markProductSold", sold["id"], token)
    await market.transition("archiveProduct", archived["id"], token)

    own = await products_of(market, seller.id, token)
    assert statuses(own) == ["ARCHIVED", "SOLD", "ACTIVE", "DRAFT"]  # newest first
    assert own["totalCount"] == 4
    assert all(edge["node"]["seller"] == {"id": seller.id} for edge in own["edges"])
    public = await products_of(market, seller.id, stranger.access)
    assert statuses(public) == ["SOLD", "ACTIVE"] and public["totalCount"] == 2
    assert statuses(await products_of(market, seller.id)) == ["SOLD", "ACTIVE"]
    drafts = await products_of(market, seller.id, token, status="DRAFT")
    assert [edge["node"]["id"] for edge in drafts["edges"]] == [draft["id"]]
    assert (await products_of(market, seller.id, stranger.access, status="DRAFT"))["edges"] == []
    first = await products_of(market, seller.id, token, first=3)
    rest = await products_of(
        market, seller.id, token, first=3, after=first["pageInfo"]["endCursor"]
    )
    assert statuses(first) + statuses(rest) == statuses(own)
    assert [e["node"]["id"] for e in rest["edges"]] == [draft["id"]]
    assert active["id"] in [edge["node"]["id"] for edge in public["edges"]]


async def test_unknown_user_has_no_products(market: Market) -> None:
    empty = await products_of(market, "not-a-uuid")
    assert empty["edges"] == [] and empty["totalCount"] == 0


async def test_sdl_declares_the_entities(market: Market) -> None:
    sdl = (await market.client.data("{ _service { sdl } }"))["_service"]["sdl"]
    assert 'type Product @key(fields: "id")' in sdl
    assert 'type User @key(fields: "id")' in sdl
