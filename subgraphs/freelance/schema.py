"""The freelance subgraph's federation schema."""

from __future__ import annotations

from strawberry.tools import merge_types

from subgraphs.freelance.gig_types import Gig, User
from subgraphs.freelance.mutations_gigs import GigMutation
from subgraphs.freelance.mutations_orders import OrderMutation
from subgraphs.freelance.mutations_social import SocialMutation
from subgraphs.freelance.queries import Query
from subgraphs.kit.schema import federation_schema

Mutation = merge_types("Mutation", (GigMutation, OrderMutation, SocialMutation))

schema = federation_schema(query=Query, mutation=Mutation, types=[Gig, User])
