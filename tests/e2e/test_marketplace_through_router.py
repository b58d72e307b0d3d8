"""A product from listing to review through the router, seller resolved from users."""

from __future__ import annotations

import uuid

from tests.e2e.test_freelance_through_router import mutate
from tests.integration.accounts import Accounts
from tests.support.graphql import GraphQLClient

PRODUCT = "product { id status slug price discountPercent seller { displayName } rating { average count } isFavorite }"


async def test_list_publish_find_favorite_review(api: GraphQLClient, accounts: Accounts) -> None:
    seller = await accounts.register(firstName="Sergei", lastName="Seller")
    await mutate(
        api, seller, "mutation { enableRole(role: SELLER) { user { roles } errors { code } } }"
    )
    seller = await accounts.login(seller.email)
    buyer = await accounts.register(firstName="Bianca", lastName="Buyer")
    word = f"samovar{uuid.uuid4().hex[:6]}"

    draft = (
        await mutate(
            api,
            seller,
            f"mutation($i: CreateProductInput!) {{ createProduct(input: $i) {{ {PRODUCT} errors {{ code }} }} }}",
            {
                "i": {
                    "title": f"Брасс {word} самовар",
                    "description": "A brass samovar, 5 litres, works on charcoal.",
                    "price": "80.00",
                    "oldPrice": "100.00",
                    "city": "Tula",
                    "condition": "USED",
                }
            },
        )
    )["product"]
    assert draft["status"] == "DRAFT" and draft["slug"].startswith("brass")
    assert draft["discountPercent"] == 20 and draft["seller"] == {"displayName": "Sergei Seller"}
    published = (
        await mutate(
            api,
            seller,
            f"mutation($id: ID!) {{ publishProduct(id: $id) {{ {PRODUCT} errors {{ code }} }} }}",
            {"id": draft["id"]},
        )
    )["product"]
    assert published["status"] == "ACTIVE"

    found = await api.data(
        'query($q: String!) { products(query: $q, filter: {city: "Tula"}, first: 5) { totalCount edges { node { id title seller { displayName } } } } }',
        {"q": word},
    )
    assert found["products"]["totalCount"] == 1
    assert found["products"]["edges"][0]["node"]["seller"] == {"displayName": "Sergei Seller"}

    favorite = (
        await mutate(
            api,
            buyer,
            f"mutation($id: ID!) {{ favoriteProduct(productId: $id) {{ {PRODUCT} errors {{ code }} }} }}",
            {"id": draft["id"]},
        )
    )["product"]
    assert favorite["isFavorite"] is True
    await mutate(
        api,
        buyer,
        "mutation($i: CreateProductReviewInput!) { createProductReview(input: $i) { review { rating } errors { code } } }",
        {
            "i": {
                "productId": draft["id"],
                "rating": 5,
                "comment": "Makes excellent tea, as described.",
                "pros": "Heavy brass",
            }
        },
    )
    after = await api.data(
        "query($id: ID!) { product(id: $id) { rating { average count } reviews(first: 5) { edges { node { rating author { displayName } } } } } }",
        {"id": draft["id"]},
    )
    assert after["product"]["rating"] == {"average": 5.0, "count": 1}
    mine = await api.data(
        "{ me { displayName favoriteProducts(first: 5) { edges { node { id seller { displayName } } } } } }",
        token=buyer.access,
    )
    assert mine["me"]["favoriteProducts"]["edges"] == [
        {"node": {"id": draft["id"], "seller": {"displayName": "Sergei Seller"}}}
    ]
    review_author = after["product"]["reviews"]["edges"][0]["node"]
    assert review_author == {"rating": 5, "author": {"displayName": "Bianca Buyer"}}
