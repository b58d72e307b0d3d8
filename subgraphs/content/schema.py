"""The content subgraph's federation schema: `Query` and `Mutation` merged from the
per-aggregate classes of api/queries and api/mutations."""

from __future__ import annotations

import strawberry

from subgraphs.content.api.mutations.channels import ChannelMutations
from subgraphs.content.api.mutations.comments import CommentMutations
from subgraphs.content.api.mutations.posts import PostMutations
from subgraphs.content.api.queries.channels import ChannelQueries
from subgraphs.content.api.queries.posts import PostQueries
from subgraphs.content.api.types.entities import Channel, Post, User
from subgraphs.kit.schema import federation_schema


@strawberry.type
class Query(ChannelQueries, PostQueries):
    pass


@strawberry.type
class Mutation(ChannelMutations, PostMutations, CommentMutations):
    pass


schema = federation_schema(query=Query, mutation=Mutation, types=[User, Channel, Post])
