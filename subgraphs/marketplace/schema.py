"""The marketplace subgraph's federation schema: Query and Mutation merged from the per-aggregate
classes of api/ (the fields appear in the order of the bases)."""

from __future__ import annotations

import strawberry

from subgraphs.kit.schema import federation_schema
from subgraphs.marketplace.api.mutations.categories import CategoryMutations
from subgraphs.marketplace.api.mutations.favorites import FavoriteMutations
from subgraphs.marketplace.api.mutations.products import ProductMutations
from subgraphs.marketplace.api.mutations.reviews import ReviewMutations
from subgraphs.marketplace.api.queries.categories import CategoryQueries
from subgraphs.marketplace.api.queries.products import ProductQueries
from subgraphs.marketplace.api.types.products import Product, User


@strawberry.type
class Query(CategoryQueries, ProductQueries):
    pass


@strawberry.type
class Mutation(CategoryMutations, ProductMutations, FavoriteMutations, ReviewMutations):
    pass


schema = federation_schema(query=Query, mutation=Mutation, types=[Product, User])
