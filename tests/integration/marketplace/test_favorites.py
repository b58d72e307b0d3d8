"""favoriteProduct / unfavoriteProduct (idempotent), isFavorite, User.favoriteProducts, and the
PRODUCT_FAVORITED event written with the favorite."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
from sqlalchemy import func, select

from subgraphs.kit.database import Database
from subgraphs.marketplace.models import Favorite, Outbox
from tests.integration.marketplace.conftest import People
from tests.integration.marketplace.market import Market
from tests.support.graphql import error_codes

FAVORITE = "mutation($id: ID!) { favoriteProduct(productId: $id) { product { id isFavorite } errors { field code } } }"
UNFAVORITE = "mutation($id: ID!) { unfavoriteProduct(productId: $id) { product { id isFavorite } errors { field code } } }"
FAVORITES = """
query($reps: [_Any!]!, $first: Int, $after: String) {
  _entities(representations: $reps) {
    ... on User {
      favoriteProducts(first: $first, after: $after) {
        totalCount edges { node { id isFavorite } } pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""


async def favorites_of(
    market: Market, user_id: str, token: str | None, **page: Any
) -> dict[str, Any] | None:
    reps = [{"__typename": "User", "id": user_id}]
    data = await market.client.data(FAVORITES, {"reps": reps, **page}, token=token)
    result: dict[str, Any] | None = data["_entities"][0]["favoriteProducts"]
    return result


async def favorited_events(db: Database, product_id: str) -> list[Outbox]:
    async with db.session() as session:
        rows = await session.execute(select(Outbox).where(Outbox.kind == "PRODUCT_FAVORITED"))
        return [row for row in rows.scalars() if row.data.get("productId") == product_id]


async def test_favorite_is_idempotent_and_notifies_once(
    people: People, market: Market, marketplace_local_db: Database
) -> None:
    product = await market.listed(people.seller.access, title="Camera Zenit")
    token = people.buyer.access
    for _ in range(2):
        payload = await market.payload(FAVORITE, {"id": product["id"]}, token, "favoriteProduct")
        assert payload == {"product": {"id": product["id"], "isFavorite": True}, "errors": []}
    rows = await favorited_events(marketplace_local_db, product["id"])
    assert [(r.recipient_id, r.actor_id) for r in rows] == [(people.seller.id, people.buyer.id)]
    assert rows[0].data["productTitle"] == "Camera Zenit"

    for _ in range(2):
        payload = await market.payload(
            UNFAVORITE, {"id": product["id"]}, token, "unfavoriteProduct"
        )
        assert payload == {"product": {"id": product["id"], "isFavorite": False}, "errors": []}
    assert (await market.product(product["id"], token))["isFavorite"] is False  # type: ignore[index]


async def test_favoriting_your_own_product_notifies_nobody(
    people: People, market: Market, marketplace_local_db: Database
) -> None:
    product = await market.listed(people.seller.access)
    payload = await market.payload(
        FAVORITE, {"id": product["id"]}, people.seller.access, "favoriteProduct"
    )
    assert payload["errors"] == []
    assert await favorited_events(marketplace_local_db, product["id"]) == []


async def test_favorite_needs_a_visible_product_and_a_user(people: People, market: Market) -> None:
    draft = await market.create_product(people.seller.access)
    for product_id in (draft["id"], "00000000-0000-0000-0000-000000000000", "junk"):
        payload = await market.payload(
            FAVORITE, {"id": product_id}, people.buyer.access, "favoriteProduct"
        )
        assert payload["errors"] == [{"field": "productId", "code": "NOT_FOUND"}]
    missing = await market.payload(
        UNFAVORITE,
        {"id": "00000000-0000-0000-0000-000000000000"},
        people.buyer.access,
        "unfavoriteProduct",
    )
    assert missing["errors"] == [{"field": "productId", "code": "NOT_FOUND"}]
    for document in (FAVORITE, UNFAVORITE):
        body = await market.client.execute(document, {"id": draft["id"]})
        assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_favorite_products_are_private_and_paged(people: People, market: Market) -> None:
    user = people.other_buyer
    made = [await market.listed(people.seller.access) for _ in range(3)]
    for product in made:
        await market.payload(FAVORITE, {"id": product["id"]}, user.access, "favoriteProduct")
    first = await favorites_of(market, user.id, user.access, first=2)
    assert first is not None and first["pageInfo"]["hasNextPage"] is True
    rest = await favorites_of(
        market, user.id, user.access, first=2, after=first["pageInfo"]["endCursor"]
    )
    assert rest is not None
    nodes = [e["node"] for e in first["edges"] + rest["edges"]]
    # Most recently added first; other tests' favorites of this user come after ours.
    assert [n["id"] for n in nodes[:3]] == [p["id"] for p in made[::-1]]
    assert all(node["isFavorite"] for node in nodes)

    assert await favorites_of(market, user.id, people.buyer.access) is None
    assert await favorites_of(market, user.id, None) is None

    # A favorite that gets archived drops out of the list.
    await market.transition("archiveProduct", made[2]["id"], people.seller.access)
    after = await favorites_of(market, user.id, user.access, first=100)
    assert after is not None and made[2]["id"] not in [e["node"]["id"] for e in after["edges"]]
    assert after["totalCount"] == first["totalCount"] - 1


async def test_concurrent_favorites_make_one_row_and_one_event(
    people: People, market: Market, marketplace_local_db: Database
) -> None:
    product = await market.listed(people.seller.access)
    results = await asyncio.gather(
        *(
            market.payload(FAVORITE, {"id": product["id"]}, people.buyer.access, "favoriteProduct")
            for _ in range(5)
        )
    )
    assert all(result["errors"] == [] for result in results)
    assert len(await favorited_events(marketplace_local_db, product["id"])) == 1
    async with marketplace_local_db.session() as session:
        rows = await session.scalar(
            select(func.count()).select_from(Favorite).where(Favorite.product_id == product["id"])
        )
    assert rows == 1


async def test_committing_an_event_wakes_the_relay(
    people: People, market: Market, marketplace_local_db: Database
) -> None:
    product = await market.listed(people.seller.access)
    heard = asyncio.Event()
    url = marketplace_local_db.url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(url)
    try:
        await connection.add_listener("agora_outbox", lambda *_: heard.set())
        payload = await market.payload(
            FAVORITE, {"id": product["id"]}, people.other_buyer.access, "favoriteProduct"
        )
        assert payload["errors"] == []
        await asyncio.wait_for(heard.wait(), timeout=10)
    finally:
        await connection.close()
