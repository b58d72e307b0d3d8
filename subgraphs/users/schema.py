"""The users subgraph's federation schema: each root type is the resolvers of its api/
modules (kit.root_types), in the order of its fields in the published schema."""

from __future__ import annotations

from subgraphs.kit.cache_control import SharedFields
from subgraphs.kit.root_types import root_type
from subgraphs.kit.schema import federation_schema
from subgraphs.users.api.mutations import access as access_mutations
from subgraphs.users.api.mutations import accounts as account_mutations
from subgraphs.users.api.mutations import registration as registration_mutations
from subgraphs.users.api.mutations import sessions as session_mutations
from subgraphs.users.api.queries import accounts as account_queries
from subgraphs.users.api.types.accounts import User

Query = root_type("Query", account_queries)

Mutation = root_type(
    "Mutation", registration_mutations, session_mutations, account_mutations, access_mutations
)


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
