"""GraphQL documents and small helpers for the marketplace tests."""

from __future__ import annotations

import uuid
from typing import Any

from tests.support.graphql import GraphQLClient

ERRORS = "errors { field code message }"
PRODUCT_FIELDS = """
id slug title description price oldPrice discountPercent condition status city quantity
viewsCount createdAt updatedAt publishedAt isFavorite
rating { average count }
seller { id }
category { id slug }
images { url caption position isPrimary }
primaryImage { url }
"""
CREATE_CATEGORY = f"""
mutation($input: CreateProductCategoryInput!) {{
  createProductCategory(input: $input) {{ category {{ id name slug icon parent {{ id }} }} {ERRORS} }}
}}
"""
UPDATE_CATEGORY = f"""
mutation($input: UpdateProductCategoryInput!) {{
  updateProductCategory(input: $input) {{ category {{ id name slug icon parent {{ id }} }} {ERRORS} }}
}}
"""
CREATE_PRODUCT = f"""
mutation($input: CreateProductInput!) {{
  createProduct(input: $input) {{ product {{ {PRODUCT_FIELDS} }} {ERRORS} }}
}}
"""
UPDATE_PRODUCT = f"""
mutation($input: UpdateProductInput!) {{
  updateProduct(input: $input) {{ product {{ {PRODUCT_FIELDS} }} {ERRORS} }}
}}
"""
TRANSITIONS = {
    name: f"mutation($id: ID!) {{ {name}(id: $id) {{ product {{ id status quantity publishedAt }} {ERRORS} }} }}"
    for name in ("publishProduct", "markProductSold", "archiveProduct")
}
DELETE_PRODUCT = f"mutation($id: ID!) {{ deleteProduct(id: $id) {{ deletedProductId {ERRORS} }} }}"
PRODUCT_BY_ID = f"query($id: ID) {{ product(id: $id) {{ {PRODUCT_FIELDS} }} }}"
PRODUCT_BY_SLUG = f"query($slug: String) {{ product(slug: $slug) {{ {PRODUCT_FIELDS} }} }}"
PRODUCTS = """
query($query: String, $filter: ProductFilter, $sort: ProductSort!, $first: Int, $after: String) {
  products(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    edges { cursor node { id title price rating { average count } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""

DEFAULT_PRODUCT = {"title": "Road bike Stels", "price": "100.00", "city": "Moscow"}


def unique_word() -> str:
    """A token no other test uses: full-text searches and filters stay inside one test."""
    return "w" + uuid.uuid4().hex[:10]


class Market:
    def __init__(self, client: GraphQLClient) -> None:
        self.client = client

    async def payload(
        self, document: str, variables: dict[str, Any], token: str | None, field: str
    ) -> dict[str, Any]:
        data = await self.client.data(document, variables, token=token)
        result: dict[str, Any] = data[field]
        return result

    async def create_category_raw(self, admin: str, **fields: Any) -> dict[str, Any]:
        return await self.payload(
            CREATE_CATEGORY, {"input": fields}, admin, "createProductCategory"
        )

    async def create_category(self, admin: str, **fields: Any) -> dict[str, Any]:
        fields.setdefault("name", f"Category {unique_word()}")
        payload = await self.create_category_raw(admin, **fields)
        assert payload["errors"] == [], payload["errors"]
        category: dict[str, Any] = payload["category"]
        return category

    async def update_category(self, admin: str, **fields: Any) -> dict[str, Any]:
        return await self.payload(
            UPDATE_CATEGORY, {"input": fields}, admin, "updateProductCategory"
        )

    async def create_product_raw(self, seller: str, **fields: Any) -> dict[str, Any]:
        values = {**DEFAULT_PRODUCT, **fields}
        return await self.payload(CREATE_PRODUCT, {"input": values}, seller, "createProduct")

    async def create_product(self, seller: str, **fields: Any) -> dict[str, Any]:
        payload = await self.create_product_raw(seller, **fields)
        assert payload["errors"] == [], payload["errors"]
        product: dict[str, Any] = payload["product"]
        return product

    async def listed(self, seller: str, **fields: Any) -> dict[str, Any]:
        """A published (ACTIVE) product."""
        product = await self.create_product(seller, **fields)
        published = await self.transition("publishProduct", product["id"], seller)
        assert published["errors"] == [], published["errors"]
        return product

    async def update_product(self, seller: str, **fields: Any) -> dict[str, Any]:
        return await self.payload(UPDATE_PRODUCT, {"input": fields}, seller, "updateProduct")

    async def transition(self, name: str, product_id: str, token: str | None) -> dict[str, Any]:
        return await self.payload(TRANSITIONS[name], {"id": product_id}, token, name)

    async def product(self, product_id: str, token: str | None = None) -> dict[str, Any] | None:
        data = await self.client.data(PRODUCT_BY_ID, {"id": product_id}, token=token)
        product: dict[str, Any] | None = data["product"]
        return product

    async def search(self, token: str | None = None, **variables: Any) -> dict[str, Any]:
        variables.setdefault("sort", "RELEVANCE")
        return await self.payload(PRODUCTS, variables, token, "products")
