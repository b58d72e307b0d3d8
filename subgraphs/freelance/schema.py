"""The freelance subgraph's federation schema: each root type is the resolvers of its api/
modules (kit.root_types), in the order of its fields in the published schema."""

from __future__ import annotations

from subgraphs.freelance.api.mutations import categories as category_mutations
from subgraphs.freelance.api.mutations import disputes as dispute_mutations
from subgraphs.freelance.api.mutations import gigs as gig_mutations
from subgraphs.freelance.api.mutations import orders as order_mutations
from subgraphs.freelance.api.mutations import portfolio as portfolio_mutations
from subgraphs.freelance.api.mutations import proposals as proposal_mutations
from subgraphs.freelance.api.mutations import reviews as review_mutations
from subgraphs.freelance.api.queries import analytics as analytics_queries
from subgraphs.freelance.api.queries import categories as category_queries
from subgraphs.freelance.api.queries import disputes as dispute_queries
from subgraphs.freelance.api.queries import gigs as gig_queries
from subgraphs.freelance.api.queries import orders as order_queries
from subgraphs.freelance.api.queries import proposals as proposal_queries
from subgraphs.freelance.api.types.gigs import Gig, User
from subgraphs.kit.root_types import root_type
from subgraphs.kit.schema import federation_schema

Query = root_type(
    "Query",
    category_queries,
    gig_queries,
    order_queries,
    dispute_queries,
    proposal_queries,
    analytics_queries,
)

Mutation = root_type(
    "Mutation",
    category_mutations,
    gig_mutations,
    order_mutations,
    dispute_mutations,
    review_mutations,
    proposal_mutations,
    portfolio_mutations,
)


schema = federation_schema(query=Query, mutation=Mutation, types=[Gig, User])
