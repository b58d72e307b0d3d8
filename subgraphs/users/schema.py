"""The users subgraph's federation schema."""

from __future__ import annotations

from subgraphs.kit.cache_control import SharedFields
from subgraphs.kit.schema import federation_schema
from subgraphs.users.mutations import Mutation
from subgraphs.users.queries import Query
from subgraphs.users.types import User

# The same for every caller (email, bio and avatar depend on who asks): a name shown next to
# a post or in a notification may be this many seconds stale at the router.
PUBLIC_PROFILE = SharedFields(
    {
        "User": frozenset(
            {
                "id",
                "firstName",
                "lastName",
                "displayName",
                "roles",
                "isVerified",
                "isActive",
                "dateJoined",
                "profile",
            }
        ),
        "Profile": frozenset({"timezone", "isPublic"}),
    },
    max_age=10,
)

schema = federation_schema(
    query=Query, mutation=Mutation, types=[User], shared_fields=PUBLIC_PROFILE
)
