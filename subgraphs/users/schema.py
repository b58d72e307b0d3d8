"""The users subgraph's federation schema: the root types merged from api/."""

from __future__ import annotations

import strawberry

from subgraphs.kit.cache_control import SharedFields
from subgraphs.kit.schema import federation_schema
from subgraphs.users.api.mutations.access import AccessMutations
from subgraphs.users.api.mutations.accounts import AccountMutations
from subgraphs.users.api.mutations.registration import RegistrationMutations
from subgraphs.users.api.mutations.sessions import SessionMutations
from subgraphs.users.api.queries.accounts import AccountQueries
from subgraphs.users.api.types.accounts import User


@strawberry.type
class Query(AccountQueries):
    pass


# In this order, the fields come out as the published schema lists them.
@strawberry.type
class Mutation(RegistrationMutations, SessionMutations, AccountMutations, AccessMutations):
    pass


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
