"""The product status machine: publish, sell (explicitly or at quantity 0), restock, archive,
delete drafts only; INVALID_TRANSITION changes nothing; only the seller moves a product."""

from __future__ import annotations

import asyncio

import pytest

from tests.integration.accounts import Accounts
from tests.integration.marketplace.conftest import People
from tests.integration.marketplace.market import DELETE_PRODUCT, TRANSITIONS, Market, unique_word
from tests.support.graphql import error_codes


def codes(payload: dict[str, object]) -> list[object]:
    return [error["code"] for error in payload["errors"]]  # type: ignore[attr-defined]


async def test_publish_sell_restock_archive(people: People, market: Market) -> None:
    token = people.seller.access
    product = await market.create_product(token, quantity=3)
    published = await market.transition("publishProduct", product["id"], token)
    assert published["errors"] == []
    assert published["product"]["status"] == "ACTIVE"
    assert published["product"]["publishedAt"] is not None

    sold = await market.transition("markProductSold", product["id"], token)
    assert (sold["product"]["status"], sold["product"]["quantity"]) == ("SOLD", 0)

    restocked = await market.update_product(token, id=product["id"], quantity=5)
    assert (restocked["product"]["status"], restocked["product"]["quantity"]) == ("ACTIVE", 5)

    emptied = await market.update_product(token, id=product["id"], quantity=0)
    assert emptied["product"]["status"] == "SOLD"

    archived = await market.transition("archiveProduct", product["id"], token)
    assert archived["product"]["status"] == "ARCHIVED"
    assert await market.product(product["id"], people.buyer.access) is None
    assert (await market.product(product["id"], token))["status"] == "ARCHIVED"  # type: ignore[index]
    # Stock on an archived product does not bring it back.
    still = await market.update_product(token, id=product["id"], quantity=2)
    assert still["product"]["status"] == "ARCHIVED"


async def test_quantity_changes_on_drafts_keep_them_drafts(people: People, market: Market) -> None:
    token = people.seller.access
    product = await market.create_product(token)
    payload = await market.update_product(token, id=product["id"], quantity=0)
    assert payload["product"]["status"] == "DRAFT"
    refused = await market.transition("publishProduct", product["id"], token)
    assert codes(refused) == ["OUT_OF_STOCK"] and refused["product"] is None
    assert (await market.product(product["id"], token))["status"] == "DRAFT"  # type: ignore[index]


@pytest.mark.parametrize(
    ("steps", "refused"),
    [
        ([], "markProductSold"),  # a draft is not for sale
        (["publishProduct"], "publishProduct"),
        (["publishProduct", "markProductSold"], "markProductSold"),
        (["publishProduct", "markProductSold"], "publishProduct"),
        (["archiveProduct"], "archiveProduct"),
        (["archiveProduct"], "publishProduct"),
        (["publishProduct", "archiveProduct"], "markProductSold"),
    ],
)
async def test_transitions_that_do_not_apply(
    people: People, market: Market, steps: list[str], refused: str
) -> None:
    token = people.seller.access
    product = await market.create_product(token)
    for step in steps:
        assert (await market.transition(step, product["id"], token))["errors"] == []
    before = await market.product(product["id"], token)
    payload = await market.transition(refused, product["id"], token)
    assert codes(payload) == ["INVALID_TRANSITION"] and payload["product"] is None
    assert await market.product(product["id"], token) == before


async def test_only_drafts_are_deleted(people: People, market: Market) -> None:
    token = people.seller.access
    draft = await market.create_product(token)
    deleted = await market.payload(DELETE_PRODUCT, {"id": draft["id"]}, token, "deleteProduct")
    assert deleted == {"deletedProductId": draft["id"], "errors": []}
    assert await market.product(draft["id"], token) is None
    again = await market.payload(DELETE_PRODUCT, {"id": draft["id"]}, token, "deleteProduct")
    assert codes(again) == ["NOT_FOUND"]

    listed = await market.listed(token)
    refused = await market.payload(DELETE_PRODUCT, {"id": listed["id"]}, token, "deleteProduct")
    assert codes(refused) == ["INVALID_TRANSITION"] and refused["deletedProductId"] is None
    assert await market.product(listed["id"], token) is not None


@pytest.mark.parametrize("name", ["publishProduct", "markProductSold", "archiveProduct"])
async def test_only_the_seller_moves_a_product(people: People, market: Market, name: str) -> None:
    product = await market.listed(people.seller.access)
    for intruder in (people.other_seller, people.admin, people.buyer):
        body = await market.client.execute(
            TRANSITIONS[name], {"id": product["id"]}, token=intruder.access
        )
        assert error_codes(body) == ["FORBIDDEN"]
    anonymous = await market.client.execute(TRANSITIONS[name], {"id": product["id"]})
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
    after = await market.product(product["id"], people.seller.access)
    assert after is not None and after["status"] == "ACTIVE"


async def test_only_the_seller_deletes(people: People, market: Market) -> None:
    draft = await market.create_product(people.seller.access)
    listed_elsewhere = await market.payload(
        DELETE_PRODUCT, {"id": draft["id"]}, people.other_seller.access, "deleteProduct"
    )
    assert codes(listed_elsewhere) == ["NOT_FOUND"]  # someone else's draft is not revealed
    assert await market.product(draft["id"], people.seller.access) is not None
    await market.transition("publishProduct", draft["id"], people.seller.access)
    body = await market.client.execute(
        DELETE_PRODUCT, {"id": draft["id"]}, token=people.other_seller.access
    )
    assert error_codes(body) == ["FORBIDDEN"]


async def test_concurrent_transitions_never_both_succeed(people: People, market: Market) -> None:
    token = people.seller.access
    for _ in range(5):
        product = await market.listed(token)
        sold, archived = await asyncio.gather(
            market.transition("markProductSold", product["id"], token),
            market.transition("markProductSold", product["id"], token),
        )
        assert sorted(len(p["errors"]) for p in (sold, archived)) == [0, 1]
        publishes = await asyncio.gather(
            *(market.transition("archiveProduct", product["id"], token) for _ in range(4))
        )
        assert sum(not p["errors"] for p in publishes) == 1
        assert all(codes(p) in ([], ["INVALID_TRANSITION"]) for p in publishes)


async def test_a_revoked_seller_cannot_list_but_can_archive(
    accounts: Accounts, market: Market
) -> None:
    account = await accounts.with_roles("SELLER")
    draft = await market.create_product(account.access)
    listed = await market.listed(account.access)
    admin = await accounts.admin()
    revoked = await accounts.users.data(
        "mutation($id: ID!) { setUserRoles(userId: $id, roles: []) { errors { code } } }",
        {"id": account.id},
        token=admin.access,
    )
    assert revoked["setUserRoles"]["errors"] == []
    again = await accounts.login(account.email)
    body = await market.client.execute(
        TRANSITIONS["publishProduct"], {"id": draft["id"]}, token=again.access
    )
    assert error_codes(body) == ["FORBIDDEN"]
    archived = await market.transition("archiveProduct", listed["id"], again.access)
    assert archived["errors"] == [] and archived["product"]["status"] == "ARCHIVED"


async def test_same_titles_at_once_get_distinct_slugs(people: People, market: Market) -> None:
    title = f"Same title {unique_word()}"
    made = await asyncio.gather(
        *(market.create_product(people.seller.access, title=title) for _ in range(6))
    )
    slugs = {product["slug"] for product in made}
    assert len(slugs) == 6 and all(slug.startswith(slugify_prefix(title)) for slug in slugs)


def slugify_prefix(title: str) -> str:
    return title.lower().replace(" ", "-")
