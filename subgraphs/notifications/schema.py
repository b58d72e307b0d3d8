"""The notifications subgraph's federation schema."""

from __future__ import annotations

from subgraphs.kit.schema import federation_schema
from subgraphs.notifications.mutations import Mutation
from subgraphs.notifications.queries import Query
from subgraphs.notifications.subscriptions import Subscription
from subgraphs.notifications.types import User

schema = federation_schema(query=Query, mutation=Mutation, subscription=Subscription, types=[User])
