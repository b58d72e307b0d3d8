"""The users subgraph's federation schema."""

from __future__ import annotations

from subgraphs.kit.schema import federation_schema
from subgraphs.users.mutations import Mutation
from subgraphs.users.queries import Query
from subgraphs.users.types import User

schema = federation_schema(query=Query, mutation=Mutation, types=[User])
