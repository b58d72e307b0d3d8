"""N+1 guards: a product list page, the category tree and `_entities` cost a constant number
of SQL statements whatever their size."""

from __future__ import annotations

from subgraphs.kit.database import Database
from tests.integration.accounts import Accounts
from tests.integration.marketplace.conftest import People
from tests.integration.marketplace.market import Market, unique_word
from tests.support.sql import count_statements

# What a product card needs: images, category, seller, rating, favorite flag.
PAGE = """
query($query: String, $first: Int) {
  products(query: $query, sort: RELEVANCE, first: $first) {
    totalCount
    edges { cursor node {
      id slug title price oldPrice discountPercent condition status city rating { average count }
      isFavorite seller { id } category { id name parent { id name } }
      images { url isPrimary } primaryImage { url }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
ENTITIES = """
query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Product { id title images { url } category { name } seller { id } }
  }
}
"""
# 1 page, 1 totalCount, 1 images, 1 categories, 1 parent categories, 1 favorites.
PRODUCT_PAGE_STATEMENTS = 6


async def test_product_page_costs_the_same_whatever_its_size(
    people: People, market: Market, marketplace_db: Database
) -> None:
    w = unique_word()
    admin = people.admin.access
    parent = await market.create_category(admin)
    categories = [await market.create_category(admin, parentId=parent["id"]) for _ in range(3)]
    images = [{"url": f"https://img.example/{i}.jpg"} for i in range(3)]
    made = [
        await market.listed(
            people.seller.access,
            title=f"Counted {i} {w}",
            categoryId=categories[i % 3]["id"],
            images=images,
        )
        for i in range(30)
    ]
    counts = {}
    for size in (2, 10, 30):
        with count_statements(marketplace_db.engine) as log:
            data = await market.client.data(
                PAGE, {"query": w, "first": size}, token=people.buyer.access
            )
        page = data["products"]
        assert len(page["edges"]) == size and page["totalCount"] == len(made)
        assert all(len(edge["node"]["images"]) == 3 for edge in page["edges"])
        assert all(
            edge["node"]["category"]["parent"]["id"] == parent["id"] for edge in page["edges"]
        )
        counts[size] = log.count
    assert counts == {
        2: PRODUCT_PAGE_STATEMENTS,
        10: PRODUCT_PAGE_STATEMENTS,
        30: PRODUCT_PAGE_STATEMENTS,
    }


async def test_signed_out_page_skips_the_favorites_query(
    people: People, market: Market, marketplace_db: Database
) -> None:
    w = unique_word()
    for i in range(5):
        await market.listed(people.seller.access, title=f"Anonymous {i} {w}")
    with count_statements(marketplace_db.engine) as log:
        data = await market.client.data(PAGE, {"query": w, "first": 5})
    assert not any(edge["node"]["isFavorite"] for edge in data["products"]["edges"])
    # page + totalCount + images (no category on these, no favorites when signed out)
    assert log.count == 3, log.statements


async def test_entities_batch_products(
    people: People, market: Market, marketplace_db: Database
) -> None:
    made = [await market.listed(people.seller.access) for _ in range(20)]
    draft = await market.create_product(people.seller.access)
    reps = [{"__typename": "Product", "id": p["id"]} for p in made]
    reps += [
        {"__typename": "Product", "id": draft["id"]},
        {"__typename": "Product", "id": "not-a-uuid"},
    ]
    with count_statements(marketplace_db.engine) as log:
        data = await market.client.data(ENTITIES, {"reps": reps})
    assert [e["id"] for e in data["_entities"][:20]] == [p["id"] for p in made]
    assert data["_entities"][20:] == [None, None]  # drafts stay hidden from strangers
    assert data["_entities"][0]["seller"] == {"id": people.seller.id}
    assert log.count == 2, log.statements  # products, images (no categories here)


async def test_category_tree_is_one_statement(
    people: People, market: Market, marketplace_db: Database
) -> None:
    root = await market.create_category(people.admin.access)
    for _ in range(3):
        child = await market.create_category(people.admin.access, parentId=root["id"])
        await market.create_category(people.admin.access, parentId=child["id"])
    query = "{ productCategories { id children { id parent { id } children { id parent { id } children { id } } } } }"
    with count_statements(marketplace_db.engine) as log:
        data = await market.client.data(query)
    node = next(c for c in data["productCategories"] if c["id"] == root["id"])
    assert len(node["children"]) == 3 and all(len(c["children"]) == 1 for c in node["children"])
    assert log.count == 1, log.statements


REVIEWED_PAGE = """
query($query: String, $first: Int) {
  products(query: $query, sort: NEWEST, first: $first) {
    edges { node { id reviews(first: 2) {
      totalCount edges { cursor node { id rating author { id } product { id } } }
      pageInfo { hasNextPage }
    } } }
  }
}
"""
USERS_PRODUCTS = """
query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on User { id products(first: 2) { totalCount edges { node { id images { url } } } } }
  }
}
"""


async def test_reviews_on_a_product_page_are_batched(
    people: People, market: Market, marketplace_db: Database
) -> None:
    w = unique_word()
    made = [await market.listed(people.other_seller.access, title=f"Rev {i} {w}") for i in range(8)]
    reviewers = (people.buyer, people.other_buyer, people.seller)
    for product in made[:6]:
        for reviewer in reviewers:
            data = await market.client.data(
                "mutation($input: CreateProductReviewInput!) { createProductReview(input: $input) { errors { code } } }",
                {"input": {"productId": product["id"], "rating": 4, "comment": "Counted review."}},
                token=reviewer.access,
            )
            assert data["createProductReview"]["errors"] == []
    counts = {}
    for size in (3, 8):
        with count_statements(marketplace_db.engine) as log:
            data = await market.client.data(REVIEWED_PAGE, {"query": w, "first": size})
        edges = data["products"]["edges"]
        assert len(edges) == size
        for edge in edges:
            reviews = edge["node"]["reviews"]
            reviewed = edge["node"]["id"] in {p["id"] for p in made[:6]}
            assert reviews["totalCount"] == (3 if reviewed else 0)
            assert len(reviews["edges"]) == (2 if reviewed else 0)
            assert reviews["pageInfo"]["hasNextPage"] is reviewed
            assert all(r["node"]["product"]["id"] == edge["node"]["id"] for r in reviews["edges"])
        counts[size] = log.count
    # page, first reviews of every product, their counts, the reviews' products
    assert counts == {3: 4, 8: 4}


async def test_products_of_many_users_are_batched(
    accounts: Accounts, market: Market, marketplace_db: Database
) -> None:
    sellers = [await accounts.with_roles("SELLER") for _ in range(3)]
    for index, seller in enumerate(sellers):
        for _ in range(index + 1):
            await market.listed(seller.access, images=[{"url": "https://img.example/x.jpg"}])
    reps = [{"__typename": "User", "id": seller.id} for seller in sellers]
    with count_statements(marketplace_db.engine) as log:
        data = await market.client.data(USERS_PRODUCTS, {"reps": reps})
    found = data["_entities"]
    assert [user["products"]["totalCount"] for user in found] == [1, 2, 3]
    assert [len(user["products"]["edges"]) for user in found] == [1, 2, 2]
    assert log.count == 3, log.statements  # first pages, counts, images
