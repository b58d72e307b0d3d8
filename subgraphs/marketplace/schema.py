"""The marketplace subgraph's federation schema: each root type is the resolvers of its api/
modules (kit.root_types), in the order of its fields in the published schema."""

from __future__ import annotations

from subgraphs.kit.root_types import root_type
from subgraphs.kit.schema import federation_schema
from subgraphs.marketplace.api.mutations import categories as category_mutations
from subgraphs.marketplace.api.mutations import favorites as favorite_mutations
from subgraphs.marketplace.api.mutations import products as product_mutations
from subgraphs.marketplace.api.mutations import reviews as review_mutations
from subgraphs.marketplace.api.queries import categories as category_queries
from subgraphs.marketplace.api.queries import products as product_queries
from subgraphs.marketplace.api.types.products import Product, User

Query = root_type("Query", category_queries, product_queries)

Mutation = root_type(
    "Mutation", category_mutations, product_mutations, favorite_mutations, review_mutations
)


schema = federation_schema(query=Query, mutation=Mutation, types=[Product, User])
