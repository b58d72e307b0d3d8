"""The content subgraph's federation schema: each root type is the resolvers of its api/
modules (kit.root_types), in the order of its fields in the published schema."""

from __future__ import annotations

from subgraphs.content.api.mutations import channels as channel_mutations
from subgraphs.content.api.mutations import comments as comment_mutations
from subgraphs.content.api.mutations import posts as post_mutations
from subgraphs.content.api.queries import channels as channel_queries
from subgraphs.content.api.queries import posts as post_queries
from subgraphs.content.api.types.entities import Channel, Post, User
from subgraphs.kit.root_types import root_type
from subgraphs.kit.schema import federation_schema

Query = root_type("Query", channel_queries, post_queries)

Mutation = root_type("Mutation", channel_mutations, post_mutations, comment_mutations)


schema = federation_schema(query=Query, mutation=Mutation, types=[User, Channel, Post])
