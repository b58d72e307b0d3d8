"""The notifications subgraph's federation schema: the root types merged from api/."""

from __future__ import annotations

import strawberry

from subgraphs.kit.schema import federation_schema
from subgraphs.notifications.api.mutations.devices import DeviceMutations
from subgraphs.notifications.api.mutations.notifications import NotificationMutations
from subgraphs.notifications.api.mutations.preferences import PreferenceMutations
from subgraphs.notifications.api.queries.notifications import NotificationQueries
from subgraphs.notifications.api.queries.preferences import PreferenceQueries
from subgraphs.notifications.api.subscriptions.notifications import NotificationSubscriptions
from subgraphs.notifications.api.types.users import User


@strawberry.type
class Query(NotificationQueries, PreferenceQueries):
    pass


@strawberry.type
class Mutation(NotificationMutations, PreferenceMutations, DeviceMutations):
    pass


@strawberry.type
class Subscription(NotificationSubscriptions):
    pass


schema = federation_schema(query=Query, mutation=Mutation, subscription=Subscription, types=[User])
