"""The freelance subgraph's federation schema: Query and Mutation merged from the per-aggregate
classes of `api/` (in this order, which is the order of the fields in the schema)."""

from __future__ import annotations

import strawberry

from subgraphs.freelance.api.mutations.categories import CategoryMutations
from subgraphs.freelance.api.mutations.disputes import DisputeMutations
from subgraphs.freelance.api.mutations.gigs import GigMutations
from subgraphs.freelance.api.mutations.orders import OrderMutations
from subgraphs.freelance.api.mutations.portfolio import PortfolioMutations
from subgraphs.freelance.api.mutations.proposals import ProposalMutations
from subgraphs.freelance.api.mutations.reviews import ReviewMutations
from subgraphs.freelance.api.queries.analytics import AnalyticsQueries
from subgraphs.freelance.api.queries.categories import CategoryQueries
from subgraphs.freelance.api.queries.disputes import DisputeQueries
from subgraphs.freelance.api.queries.gigs import GigQueries
from subgraphs.freelance.api.queries.orders import OrderQueries
from subgraphs.freelance.api.queries.proposals import ProposalQueries
from subgraphs.freelance.api.types.gigs import Gig, User
from subgraphs.kit.schema import federation_schema


@strawberry.type
class Query(
    CategoryQueries, GigQueries, OrderQueries, DisputeQueries, ProposalQueries, AnalyticsQueries
):
    pass


@strawberry.type
class Mutation(
    CategoryMutations,
    GigMutations,
    OrderMutations,
    DisputeMutations,
    ReviewMutations,
    ProposalMutations,
    PortfolioMutations,
):
    pass


schema = federation_schema(query=Query, mutation=Mutation, types=[Gig, User])
