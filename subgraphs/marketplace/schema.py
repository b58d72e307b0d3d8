"""The marketplace subgraph's federation schema."""

from __future__ import annotations

from subgraphs.kit.schema import federation_schema
from subgraphs.marketplace.mutations import Mutation
from subgraphs.marketplace.queries import Query
from subgraphs.marketplace.types import Product, User

schema = federation_schema(query=Query, mutation=Mutation, types=[Product, User])
