"""The content subgraph's federation schema."""

from __future__ import annotations

import strawberry

from subgraphs.content.channel_mutations import ChannelMutations
from subgraphs.content.post_mutations import PostMutations
from subgraphs.content.queries import Query
from subgraphs.content.types import Channel, Post, User
from subgraphs.kit.schema import federation_schema


@strawberry.type
class Mutation(ChannelMutations, PostMutations):
    pass


schema = federation_schema(query=Query, mutation=Mutation, types=[User, Channel, Post])
