"""The notifications subgraph's federation schema: each root type is the resolvers of its api/
modules (kit.root_types), in the order of its fields in the published schema."""

from __future__ import annotations

from subgraphs.kit.root_types import root_type
from subgraphs.kit.schema import federation_schema
from subgraphs.notifications.api.mutations import devices as device_mutations
from subgraphs.notifications.api.mutations import notifications as notification_mutations
from subgraphs.notifications.api.mutations import preferences as preference_mutations
from subgraphs.notifications.api.queries import notifications as notification_queries
from subgraphs.notifications.api.queries import preferences as preference_queries
from subgraphs.notifications.api.subscriptions import notifications as notification_subscriptions
from subgraphs.notifications.api.types.users import User

Query = root_type("Query", notification_queries, preference_queries)

Mutation = root_type("Mutation", notification_mutations, preference_mutations, device_mutations)

Subscription = root_type("Subscription", notification_subscriptions)


schema = federation_schema(query=Query, mutation=Mutation, subscription=Subscription, types=[User])
